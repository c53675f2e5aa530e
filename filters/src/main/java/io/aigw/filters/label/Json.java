package io.aigw.filters.label;

import tools.jackson.databind.json.JsonMapper;

/** The package's one Jackson mapper (thread-safe once built). */
final class Json {

    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {
    }
}
