package org.midonet.kube.controller.ops;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.midonet.kube.common.OneLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes Events about the controllers' objects (Translations, and the Services, Pods and Nodes that were
 * not translated), as the original's recorder made them (core v1 Events, source component
 * midonet-kube-controllers). A message is escaped to one line ({@code OneLine}) and cut. An Event repeated for
 * the same object, reason and message is counted on the Event already there ("x2 over 1m"), as client-go's
 * recorder does. Failing to record an Event is logged, never thrown.
 * <p>
 * Events are written off the caller's thread, as client-go's recorder does it: {@code normal} and {@code warning}
 * only queue them, one thread writes them at most {@value #PER_SECOND} a second (bursts of {@value #BURST}),
 * and when {@value #QUEUED} wait, newer ones are dropped and counted ({@value #DROPPED}). A cold start of
 * tens of thousands of Translations thus costs the API server a few hundred Events, not one per push; the
 * Translations' status conditions say everything the Events say. Each controller has its own recorder.
 */
public final class EventRecorder implements AutoCloseable {
    public static final String COMPONENT = "midonet-kube-controllers";
    public static final String DROPPED = "midonet_kube_controllers.events.dropped";
    static final int PER_SECOND = 20;
    static final int BURST = 200;
    static final int QUEUED = 1000;
    /** Where the Events of cluster-scoped objects (Nodes) go, as client-go puts them. */
    static final String CLUSTER_EVENTS_NAMESPACE = "default";
    static final int MAX_MESSAGE = 1024;

    private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
    private static final int REMEMBERED = 1000;

    private final KubernetesClient kube;
    private final BlockingQueue<Pending> queue;
    private final Counter dropped;
    private final TokenBucket pace;
    private Thread writer;
    private boolean closed;
    private boolean dropping;
    private final String host = hostName();
    private final AtomicInteger sequence = new AtomicInteger();
    /** The last Events recorded, by object uid, reason and message: name and count, to aggregate repeats. */
    private final Map<String, Recorded> recent = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Recorded> eldest) {
            return size() > REMEMBERED;
        }
    };

    private record Recorded(String name, int count) {
    }

    private record Pending(HasMetadata object, String type, String reason, String message) {
    }

    public EventRecorder(KubernetesClient kube, MeterRegistry registry) {
        this(kube, registry, QUEUED, new TokenBucket(PER_SECOND, BURST));
    }

    EventRecorder(KubernetesClient kube, MeterRegistry registry, int queued, TokenBucket pace) {
        this.kube = kube;
        this.queue = new ArrayBlockingQueue<>(queued);
        this.pace = pace;
        this.dropped = Counter.builder(DROPPED).description("Events not recorded because too many were waiting")
                .register(registry);
    }

    /** Queues a Normal Event about the object (which needs a name; its uid, kind and apiVersion name it too). */
    public void normal(HasMetadata object, String reason, String message) {
        enqueue(new Pending(object, "Normal", reason, message));
    }

    public void warning(HasMetadata object, String reason, String message) {
        enqueue(new Pending(object, "Warning", reason, message));
    }

    private synchronized void enqueue(Pending event) {
        if (closed) {
            return;
        }
        if (writer == null) {
            writer = new Thread(this::writeQueued, "event-recorder");
            writer.setDaemon(true);
            writer.start();
        }
        if (queue.offer(event)) {
            dropping = false;
            return;
        }
        dropped.increment();
        if (!dropping) {
            dropping = true;
            LOG.warn("{} Events wait to be recorded: dropping new ones until there is room (metric {})", queue.size(), DROPPED);
        }
    }

    /** Stops recording; Events still queued are dropped. */
    @Override
    public synchronized void close() {
        closed = true;
        if (writer != null) {
            writer.interrupt();
        }
        queue.clear();
    }

    private void writeQueued() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Pending event = queue.take();
                pace.take();
                record(event.object(), event.type(), event.reason(), event.message());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("the Event recorder stopped", e);
        }
    }

    private void record(HasMetadata object, String type, String reason, String message) {
        String namespace = eventNamespace(object);
        String objectName = object.getMetadata().getName();
        String text = truncate(OneLine.escape(message));
        String key = object.getMetadata().getUid() + "\n" + reason + "\n" + text;
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        try {
            Recorded previous;
            synchronized (recent) {
                previous = recent.get(key);
            }
            if (previous != null && bump(namespace, previous, now)) {
                remember(key, new Recorded(previous.name(), previous.count() + 1));
                return;
            }
            String name = eventName(objectName);
            Event event = new EventBuilder()
                    .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                    .withInvolvedObject(new ObjectReferenceBuilder().withApiVersion(object.getApiVersion())
                            .withKind(object.getKind()).withNamespace(object.getMetadata().getNamespace()).withName(objectName)
                            .withUid(object.getMetadata().getUid())
                            .withResourceVersion(object.getMetadata().getResourceVersion()).build())
                    .withType(type).withReason(reason).withMessage(text)
                    .withNewSource().withComponent(COMPONENT).withHost(host).endSource()
                    .withReportingComponent(COMPONENT).withReportingInstance(host)
                    .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                    .build();
            kube.v1().events().inNamespace(namespace).resource(event).create();
            remember(key, new Recorded(name, 1));
        } catch (KubernetesClientException e) {
            LOG.warn("{} {}: cannot record Event {} ({}): {}", object.getKind(), objectName, reason, message, e.getMessage());
        }
    }

    private static String eventNamespace(HasMetadata object) {
        String namespace = object.getMetadata().getNamespace();
        return namespace == null || namespace.isEmpty() ? CLUSTER_EVENTS_NAMESPACE : namespace;
    }

    /** Cut as the Translations' status conditions cut theirs. */
    static String truncate(String message) {
        return message == null || message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE - 3) + "...";
    }

    /** As client-go names them: the object's name, a dot and a unique hex suffix, within 253 characters. */
    private String eventName(String objectName) {
        String suffix = String.format("%x%04x", System.currentTimeMillis(), sequence.getAndIncrement() & 0xffff);
        int room = 253 - 1 - suffix.length();
        String base = objectName.length() > room ? objectName.substring(0, room) : objectName;
        return base + "." + suffix;
    }

    private boolean bump(String namespace, Recorded previous, String now) {
        try {
            Event edited = kube.v1().events().inNamespace(namespace).withName(previous.name()).edit(e -> {
                e.setCount(previous.count() + 1);
                e.setLastTimestamp(now);
                return e;
            });
            return edited != null;
        } catch (KubernetesClientException e) {
            return false; // gone (Events expire): record a new one
        }
    }

    private void remember(String key, Recorded recorded) {
        synchronized (recent) {
            recent.put(key, recorded);
        }
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
