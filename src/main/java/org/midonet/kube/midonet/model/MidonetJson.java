package org.midonet.kube.midonet.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** JSON bodies of MidoNet resources, exactly as the REST API takes them. */
public final class MidonetJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private MidonetJson() {
    }

    public static String body(MidonetResource resource) {
        try {
            return MAPPER.writeValueAsString(resource);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + resource, e);
        }
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
