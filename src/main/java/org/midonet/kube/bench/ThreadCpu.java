package org.midonet.kube.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time per native thread of this JVM, from /proc/self/task (Linux only; empty elsewhere): shows how much
 * of a phase went to the JIT compilers and the GC threads rather than to the thread that measures.
 */
final class ThreadCpu {
    private static final Path TASKS = Path.of("/proc/self/task");
    /** USER_HZ, the unit of utime and stime: 100 on every Linux the JVM supports. */
    private static final long TICKS_PER_SECOND = 100;

    private ThreadCpu() {
    }

    /** Thread group name (digits dropped: "C2 CompilerThread0" → "C2 CompilerThread") → CPU milliseconds. */
    static Map<String, Long> snapshot() {
        Map<String, Long> byName = new HashMap<>();
        if (!Files.isDirectory(TASKS)) {
            return byName;
        }
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    int close = stat.lastIndexOf(')');
                    String name = stat.substring(stat.indexOf('(') + 1, close).replaceAll("[0-9#]+$", "").trim();
                    String[] fields = stat.substring(close + 2).split(" ");
                    // after the name: state(0) ppid(1) ... utime(11) stime(12)
                    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    byName.merge(name, ticks * 1000 / TICKS_PER_SECOND, Long::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return byName;
        }
        return byName;
    }

    /** The groups that used at least 5 ms between two snapshots, most first, as "name 123 ms". */
    static List<String> delta(Map<String, Long> before, Map<String, Long> after) {
        List<Map.Entry<String, Long>> used = new ArrayList<>();
        after.forEach((name, ms) -> {
            long d = ms - before.getOrDefault(name, 0L);
            if (d >= 5) {
                used.add(Map.entry(name, d));
            }
        });
        used.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
        List<String> out = new ArrayList<>();
        used.forEach(e -> out.add(e.getKey() + " " + e.getValue() + " ms"));
        return out;
    }
}
