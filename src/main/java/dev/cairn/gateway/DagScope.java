package dev.cairn.gateway;

import java.util.Locale;

/** The {@code dag-scope} of a CAR request (IPIP-402). */
public enum DagScope {
    /** Only the block at the end of the path (after the path blocks). */
    BLOCK,
    /** The blocks needed for the entity at the end of the path: a whole file, or one directory node. */
    ENTITY,
    /** The whole DAG under the end of the path (the default). */
    ALL;

    public String param() {
        return name().toLowerCase(Locale.ROOT);
    }

    static DagScope parse(String value) {
        return switch (value) {
            case "block" -> BLOCK;
            case "entity" -> ENTITY;
            case "all" -> ALL;
            default -> throw GatewayException.badRequest(GatewayException.BAD_PARAM,
                    "invalid dag-scope '" + Text.abbreviate(value) + "': expected block, entity or all");
        };
    }
}
