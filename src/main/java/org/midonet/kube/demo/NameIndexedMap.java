package org.midonet.kube.demo;

import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.AttributeType;
import io.fabric8.mockwebserver.crud.Value;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The object store of fabric8's CRUD mock server (attribute set of an object → its JSON), with an index of the
 * keys by the value of their {@code name} attribute. The mock server finds an object by testing every stored
 * key against the request's attributes, which makes each get, create, update and patch cost a pass over all
 * objects: 10 ms a call at 15,000 objects. With the index, {@link #withName} gives the few keys a request
 * naming an object can match. Not thread-safe: the mock server wraps it in a synchronized map and locks.
 * Mutations go through {@link #put}, {@link #remove} and {@link #clear} only; the views are read-only.
 */
final class NameIndexedMap extends AbstractMap<AttributeSet, String> {
    static final String NAME = "name";

    private final Map<AttributeSet, String> objects = new LinkedHashMap<>();
    private final Map<String, Set<AttributeSet>> byName = new HashMap<>();

    @Override
    public String put(AttributeSet key, String value) {
        String previous = objects.put(key, value);
        if (previous == null) {
            String name = nameOf(key);
            if (name != null) {
                byName.computeIfAbsent(name, n -> new LinkedHashSet<>(2)).add(key);
            }
        }
        return previous;
    }

    @Override
    public String remove(Object key) {
        String previous = objects.remove(key);
        if (previous != null && key instanceof AttributeSet set) {
            String name = nameOf(set);
            if (name != null) {
                Set<AttributeSet> keys = byName.get(name);
                if (keys != null) {
                    keys.remove(set);
                    if (keys.isEmpty()) {
                        byName.remove(name);
                    }
                }
            }
        }
        return previous;
    }

    @Override
    public void clear() {
        objects.clear();
        byName.clear();
    }

    @Override
    public String get(Object key) {
        return objects.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return objects.containsKey(key);
    }

    @Override
    public int size() {
        return objects.size();
    }

    @Override
    public Set<Entry<AttributeSet, String>> entrySet() {
        return Collections.unmodifiableMap(objects).entrySet();
    }

    /** The stored keys whose name is that of the query, or null when the query names no single object. */
    Set<AttributeSet> withName(AttributeSet query) {
        String name = nameOf(query);
        return name == null ? null : byName.getOrDefault(name, Set.of());
    }

    /** The single value of a set's name attribute (equality), or null when it has none, several, or another test. */
    static String nameOf(AttributeSet set) {
        Attribute name = set.getAttribute(NAME);
        if (name == null || name.getType() != AttributeType.WITH) {
            return null;
        }
        List<Value> values = name.getValues();
        if (values == null || values.size() != 1) {
            return null;
        }
        String value = values.get(0).toString();
        return value == null || value.equals("*") ? null : value;
    }
}
