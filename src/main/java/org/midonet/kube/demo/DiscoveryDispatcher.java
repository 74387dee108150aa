package org.midonet.kube.demo;

import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.CrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;

/**
 * fabric8's CRUD mock server, plus the discovery documents kubectl reads before anything else (/version,
 * /api, /apis and one resource list per group version), so that `kubectl --server URL get nodes` and
 * `kubectl get tr` work against the demo's fake apiserver. Requests naming one object find it through an index
 * by name ({@link NameIndexedMap}) instead of a pass over every stored object.
 */
final class DiscoveryDispatcher extends KubernetesCrudDispatcher {
    private static final String VERSION = """
            {"major":"1","minor":"31","gitVersion":"v1.31.0-midonet-kube-demo","platform":"linux/amd64"}""";
    private static final String API = """
            {"kind":"APIVersions","versions":["v1"],\
            "serverAddressByClientCIDRs":[{"clientCIDR":"0.0.0.0/0","serverAddress":""}]}""";
    private static final String APIS = """
            {"kind":"APIGroupList","apiVersion":"v1","groups":[%s,%s,%s,%s]}""".formatted(
            group("discovery.k8s.io"), group("coordination.k8s.io"), group("apiextensions.k8s.io"), group("midonet.org"));

    private static final Map<String, String> RESOURCE_LISTS = Map.of(
            "/api/v1", resources("v1",
                    resource("nodes", "Node", false, "no"), resource("pods", "Pod", true, "po"),
                    resource("services", "Service", true, "svc"), resource("endpoints", "Endpoints", true, "ep"),
                    resource("namespaces", "Namespace", false, "ns"), resource("events", "Event", true, "ev"),
                    resource("configmaps", "ConfigMap", true, "cm"), resource("secrets", "Secret", true, null)),
            "/apis/discovery.k8s.io/v1",
            resources("discovery.k8s.io/v1", resource("endpointslices", "EndpointSlice", true, null)),
            "/apis/coordination.k8s.io/v1", resources("coordination.k8s.io/v1", resource("leases", "Lease", true, null)),
            "/apis/apiextensions.k8s.io/v1", resources("apiextensions.k8s.io/v1",
                    resource("customresourcedefinitions", "CustomResourceDefinition", false, "crd")),
            "/apis/midonet.org/v1", resources("midonet.org/v1", resource("translations", "Translation", true, "tr"),
                    resource("translations/status", "Translation", true, null)));

    private final NameIndexedMap store = new NameIndexedMap();
    private final ReadWriteLock storeLock;
    private final Method processDelete;

    DiscoveryDispatcher(List<CustomResourceDefinitionContext> customResources) {
        super(customResources);
        // the mock server keeps its objects in a synchronized LinkedHashMap and scans it for every request that
        // names an object; the same map with an index by name makes those requests independent of its size
        try {
            Field map = CrudDispatcher.class.getDeclaredField("map");
            map.setAccessible(true);
            map.set(this, Collections.synchronizedMap(store));
            Field lock = KubernetesCrudDispatcher.class.getDeclaredField("lock");
            lock.setAccessible(true);
            storeLock = (ReadWriteLock) lock.get(this);
            processDelete = KubernetesCrudDispatcher.class.getDeclaredMethod("processDelete", String.class, AttributeSet.class,
                    AttributeSet.class);
            processDelete.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("this version of fabric8's mock server is not supported: " + e, e);
        }
    }

    /** As the mock server's, the candidates limited to the objects of the name asked for. */
    @Override
    public Map.Entry<AttributeSet, String> findResource(AttributeSet query) {
        synchronized (map) {
            Set<AttributeSet> named = store.withName(query);
            if (named == null) {
                return super.findResource(query);
            }
            for (AttributeSet key : named) {
                if (key.matches(query)) {
                    return new AbstractMap.SimpleImmutableEntry<>(key, store.get(key));
                }
            }
            return null;
        }
    }

    /** A DELETE of one object through the index, with the mock server's own deletion (finalizers honoured). */
    @Override
    public MockResponse handleDelete(String path) {
        AttributeSet query = attributeExtractor.fromPath(path);
        if (store.withName(query) == null) {
            return super.handleDelete(path);
        }
        Lock write = storeLock.writeLock();
        write.lock();
        try {
            List<Map.Entry<AttributeSet, String>> found = new ArrayList<>();
            synchronized (map) {
                for (AttributeSet key : store.withName(query)) {
                    if (key.matches(query)) {
                        found.add(new AbstractMap.SimpleImmutableEntry<>(key, store.get(key)));
                    }
                }
            }
            for (Map.Entry<AttributeSet, String> entry : found) {
                processDelete.invoke(this, path, query, entry.getKey());
            }
            return found.isEmpty() ? new MockResponse().setResponseCode(404)
                    : new MockResponse().setResponseCode(200).setBody(found.get(0).getValue());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot delete through fabric8's mock server: " + e, e);
        } finally {
            write.unlock();
        }
    }

    /** A GET of one object (not a watch) from the index; everything else as the mock server does it. */
    @Override
    public MockResponse handleGet(String path) {
        if (path.contains("watch=") || path.contains("/watch/")) {
            return super.handleGet(path);
        }
        AttributeSet query = attributeExtractor.fromPath(path);
        if (store.withName(query) == null) {
            return super.handleGet(path);
        }
        Lock read = storeLock.readLock();
        read.lock();
        try {
            Map.Entry<AttributeSet, String> found = findResource(query);
            return found == null ? new MockResponse().setResponseCode(404)
                    : new MockResponse().setResponseCode(200).setBody(found.getValue());
        } finally {
            read.unlock();
        }
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String path = request.getPath();
        int query = path.indexOf('?');
        String bare = query < 0 ? path : path.substring(0, query);
        if ("GET".equals(request.getMethod())) {
            String document = switch (bare) {
                case "/version" -> VERSION;
                case "/api" -> API;
                case "/apis" -> APIS;
                default -> RESOURCE_LISTS.get(bare);
            };
            if (document != null) {
                return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json").setBody(document);
            }
        }
        return super.dispatch(request);
    }

    private static String group(String name) {
        return """
                {"name":"%1$s","versions":[{"groupVersion":"%1$s/v1","version":"v1"}],\
                "preferredVersion":{"groupVersion":"%1$s/v1","version":"v1"}}""".formatted(name);
    }

    private static String resources(String groupVersion, String... resources) {
        return """
                {"kind":"APIResourceList","apiVersion":"v1","groupVersion":"%s","resources":[%s]}"""
                .formatted(groupVersion, String.join(",", resources));
    }

    private static String resource(String plural, String kind, boolean namespaced, String shortName) {
        String singular = plural.endsWith("s") && !plural.contains("/") ? plural.substring(0, plural.length() - 1) : "";
        return """
                {"name":"%s","singularName":"%s","namespaced":%s,"kind":"%s",\
                "verbs":["create","delete","get","list","patch","update","watch"]%s}""".formatted(plural,
                "endpoints".equals(plural) ? "endpoints" : singular, namespaced, kind,
                shortName == null ? "" : ",\"shortNames\":[\"" + shortName + "\"]");
    }
}
