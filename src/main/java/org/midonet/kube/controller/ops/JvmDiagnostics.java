package org.midonet.kube.controller.ops;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * The JVM's counterparts of Go's pprof goroutine and heap profiles, as text: what jstack and
 * {@code jcmd PID GC.class_histogram} print, without a JDK on the machine.
 */
public final class JvmDiagnostics {
    private static final String DIAGNOSTIC_COMMAND = "com.sun.management:type=DiagnosticCommand";

    private JvmDiagnostics() {
    }

    /** Every live thread with its full stack and the locks it holds or waits for, like jstack. */
    public static String threadDump() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        ThreadInfo[] infos = threads.dumpAllThreads(threads.isObjectMonitorUsageSupported(),
                threads.isSynchronizerUsageSupported());
        Arrays.sort(infos, Comparator.comparing(ThreadInfo::getThreadName));
        StringBuilder text = new StringBuilder();
        text.append("Thread dump at ").append(Instant.now()).append(": ").append(infos.length).append(" threads");
        long[] deadlocked = threads.findDeadlockedThreads();
        if (deadlocked != null) {
            text.append(", DEADLOCK between thread ids ").append(Arrays.toString(deadlocked));
        }
        text.append("\n\n");
        for (ThreadInfo info : infos) {
            append(text, info);
        }
        return text.toString();
    }

    private static void append(StringBuilder text, ThreadInfo info) {
        text.append('"').append(info.getThreadName()).append("\" #").append(info.getThreadId())
                .append(info.isDaemon() ? " daemon" : "").append(" prio=").append(info.getPriority())
                .append("\n   java.lang.Thread.State: ").append(info.getThreadState());
        if (info.getLockName() != null) {
            text.append(" on ").append(info.getLockName());
        }
        if (info.getLockOwnerName() != null) {
            text.append(" owned by \"").append(info.getLockOwnerName()).append("\" #").append(info.getLockOwnerId());
        }
        text.append('\n');
        StackTraceElement[] stack = info.getStackTrace();
        for (int depth = 0; depth < stack.length; depth++) {
            text.append("\tat ").append(stack[depth]).append('\n');
            for (MonitorInfo monitor : info.getLockedMonitors()) {
                if (monitor.getLockedStackDepth() == depth) {
                    text.append("\t- locked ").append(monitor).append('\n');
                }
            }
        }
        LockInfo[] synchronizers = info.getLockedSynchronizers();
        if (synchronizers.length > 0) {
            text.append("\n   Locked ownable synchronizers:\n");
            for (LockInfo lock : synchronizers) {
                text.append("\t- ").append(lock).append('\n');
            }
        }
        text.append('\n');
    }

    /**
     * The number of instances and bytes per class on the heap, largest first, from HotSpot's DiagnosticCommand MBean
     * (jcmd's GC.class_histogram). It runs a full garbage collection first, so that only live objects count: a pause
     * of some milliseconds on a small heap.
     *
     * @throws UnsupportedOperationException on a JVM without the DiagnosticCommand MBean
     */
    public static String classHistogram() {
        try {
            Object result = ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName(DIAGNOSTIC_COMMAND),
                    "gcClassHistogram", new Object[] {new String[0]}, new String[] {String[].class.getName()});
            return String.valueOf(result);
        } catch (JMException e) {
            throw new UnsupportedOperationException("this JVM cannot print a class histogram: " + e, e);
        }
    }
}
