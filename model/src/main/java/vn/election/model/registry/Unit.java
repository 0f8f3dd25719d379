package vn.election.model.registry;

import java.io.Serializable;

/**
 * One administrative unit of the registry: the nation, a province, ..., a polling area.
 *
 * @param depth 0 for the root, rising by one per level
 * @param registered voters on the list; only leaves (polling areas) carry it, others have 0
 * @param line the line of the registry file it came from, for messages
 */
public record Unit(String id, String parentId, String level, int depth, String name, long registered, int line)
        implements Serializable {

    public boolean isRoot() {
        return parentId == null;
    }
}
