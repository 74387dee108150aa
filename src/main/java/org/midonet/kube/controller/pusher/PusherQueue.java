package org.midonet.kube.controller.pusher;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The pusher's work queue of Translation keys (namespace/name), in the manner of client-go's workqueue: a key
 * is queued at most once; a key being worked on is not handed out again, and if it was added meanwhile it is
 * queued again when the work is done; keys may be added after a delay (retries). Queued keys are handed out by
 * rank (lowest first: the global Translations, then those holding parents), then in arrival order, each with
 * the time it was first added since it was last handed out. Nothing is handed out before {@link #open()}.
 * Thread-safe.
 */
final class PusherQueue implements AutoCloseable {
    /** A key handed out, and when it was added (System.nanoTime) since the last time it was handed out. */
    record Taken(String key, long addedAt) {
    }

    private record Item(int rank, long seq, String key, long addedAt) implements Comparable<Item> {
        @Override
        public int compareTo(Item o) {
            int byRank = Integer.compare(rank, o.rank);
            return byRank != 0 ? byRank : Long.compare(seq, o.seq);
        }
    }

    private final Object lock = new Object();
    private final TreeSet<Item> ready = new TreeSet<>();
    private final Map<String, Item> queued = new HashMap<>();
    private final Set<String> active = new HashSet<>();
    private final Map<String, Item> dirty = new HashMap<>();
    private final ScheduledExecutorService timer;
    private long seq;
    private int delayed;
    private boolean open;
    private boolean closed;

    PusherQueue(String name) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name + "-retries");
            t.setDaemon(true);
            return t;
        });
    }

    void add(String key, int rank) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            if (active.contains(key)) {
                dirty.merge(key, new Item(rank, 0, key, System.nanoTime()),
                        (a, b) -> new Item(Math.min(a.rank(), b.rank()), 0, key, a.addedAt()));
            } else if (!queued.containsKey(key)) {
                Item item = new Item(rank, seq++, key, System.nanoTime());
                queued.put(key, item);
                ready.add(item);
                lock.notifyAll();
            }
        }
    }

    void addAfter(String key, int rank, Duration delay) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            delayed++;
        }
        try {
            timer.schedule(() -> {
                synchronized (lock) {
                    delayed--;
                }
                add(key, rank);
            }, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            synchronized (lock) {
                delayed--; // closed meanwhile
            }
        }
    }

    /** Starts handing out keys. */
    void open() {
        synchronized (lock) {
            open = true;
            lock.notifyAll();
        }
    }

    /** The next key to work on, marked active; null once closed. */
    String take() throws InterruptedException {
        Taken taken = takeWithTime();
        return taken == null ? null : taken.key();
    }

    /** The next key to work on with when it was added, marked active; null once closed. */
    Taken takeWithTime() throws InterruptedException {
        synchronized (lock) {
            while (!closed && (!open || ready.isEmpty())) {
                lock.wait();
            }
            if (closed) {
                return null;
            }
            Item item = ready.pollFirst();
            queued.remove(item.key());
            active.add(item.key());
            return new Taken(item.key(), item.addedAt());
        }
    }

    /** Marks a key active unless it is active or queued already (the resync then leaves it to the worker). */
    boolean tryAcquire(String key) {
        synchronized (lock) {
            if (closed || active.contains(key) || queued.containsKey(key)) {
                return false;
            }
            active.add(key);
            return true;
        }
    }

    /** Ends the work on a key; queues it again if it was added meanwhile. */
    void done(String key) {
        synchronized (lock) {
            active.remove(key);
            Item again = dirty.remove(key);
            if (again != null && !closed) {
                Item item = new Item(again.rank(), seq++, key, again.addedAt());
                queued.put(key, item);
                ready.add(item);
                lock.notifyAll();
            }
        }
    }

    /** Whether nothing is queued or being worked on (delayed retries aside). */
    boolean idle() {
        synchronized (lock) {
            return ready.isEmpty() && active.isEmpty() && dirty.isEmpty();
        }
    }

    /** How many keys wait to be worked on, delayed retries included. */
    int depth() {
        synchronized (lock) {
            return ready.size() + dirty.size() + delayed;
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        timer.shutdownNow();
    }
}
