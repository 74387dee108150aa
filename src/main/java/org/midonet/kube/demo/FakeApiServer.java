package org.midonet.kube.demo;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.midonet.kube.http.KubernetesHttp;
import org.midonet.kube.k8s.Translation;

/**
 * An in-process Kubernetes API server for the demo: fabric8's mock server in CRUD mode over plain http on
 * a local port, which kubectl can talk to. It has no garbage collection, admission or server-side apply;
 * the controllers do not depend on them.
 */
public final class FakeApiServer implements AutoCloseable {
    /** The mock server logs every request at INFO through java.util.logging; held so the setting stays. */
    private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver");

    static {
        MOCK_LOG.setLevel(Level.WARNING);
    }

    private final KubernetesMockServer server;
    private final int port;
    private final Thread journalDrain;

    private FakeApiServer(KubernetesMockServer server, int port) {
        this.server = server;
        this.port = port;
        // the mock server keeps every request it answered (for tests' takeRequest()), bodies included: hundreds of
        // MiB once a large cluster has gone through it; nobody reads them here, so they are dropped as they come
        this.journalDrain = new Thread(() -> {
            try {
                while (true) {
                    server.takeRequest();
                }
            } catch (InterruptedException e) {
                // closed
            }
        }, "fake-api-server-journal");
        journalDrain.setDaemon(true);
        journalDrain.start();
    }

    /** Starts on 127.0.0.1 and the given port (0 for any free one). */
    public static FakeApiServer start(int port) {
        DiscoveryDispatcher dispatcher = new DiscoveryDispatcher(
                List.of(CustomResourceDefinitionContext.fromCustomResourceType(Translation.class)));
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                dispatcher, false);
        try {
            server.init(InetAddress.getByName("127.0.0.1"), port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        return new FakeApiServer(server, server.getPort());
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** A client of this server. */
    public KubernetesClient client() {
        return server.createClient(KubernetesHttp.factory());
    }

    @Override
    public void close() {
        journalDrain.interrupt();
        try {
            server.destroy();
        } catch (IllegalStateException e) {
            // the mock server gives up waiting for lingering watch connections; it is stopped all the same
            MOCK_LOG.warning("fake API server: " + e.getMessage());
        }
    }
}
