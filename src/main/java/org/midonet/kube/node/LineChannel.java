package org.midonet.kube.node;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One line of text each way over a socket channel, with a deadline and a size limit: the protocol between
 * the CNI plugin and the node agent on the agent's Unix domain socket (a JSON object per line).
 */
public final class LineChannel {
    public static final int MAX_LINE = 16 * 1024;

    private LineChannel() {
    }

    public static void writeLine(SocketChannel channel, String line) throws IOException {
        boolean blocking = channel.isBlocking();
        if (!blocking) {
            channel.configureBlocking(true);
        }
        ByteBuffer buffer = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** Reads up to the first newline (excluded); IOException on timeout, on a longer line or when the peer closes first. */
    public static String readLine(SocketChannel channel, Duration timeout) throws IOException {
        channel.configureBlocking(false);
        long deadline = System.nanoTime() + timeout.toNanos();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(1024);
        try (Selector selector = Selector.open()) {
            channel.register(selector, SelectionKey.OP_READ);
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw new SocketTimeoutException("no answer within " + timeout.toMillis() + " ms");
                }
                selector.select(left);
                selector.selectedKeys().clear();
                buffer.clear();
                int read = channel.read(buffer);
                if (read < 0) {
                    throw new IOException("the other side closed the connection before a full line");
                }
                for (int i = 0; i < read; i++) {
                    byte b = buffer.get(i);
                    if (b == '\n') {
                        return line.toString(StandardCharsets.UTF_8);
                    }
                    line.write(b);
                }
                if (line.size() > MAX_LINE) {
                    throw new IOException("line longer than " + MAX_LINE + " bytes");
                }
            }
        }
    }
}
