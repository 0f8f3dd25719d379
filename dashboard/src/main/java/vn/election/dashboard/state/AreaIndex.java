package vn.election.dashboard.state;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import vn.election.model.registry.Registry;

/**
 * The polling areas below every unit, found once from the registry: leaves in depth-first order, so
 * the areas of any unit are one contiguous range of that order.
 */
public final class AreaIndex {

    private final String[] leaves;
    private final Map<String, int[]> ranges;

    public AreaIndex(Registry registry) {
        List<String> order = new ArrayList<>();
        Map<String, int[]> r = new HashMap<>(registry.size() * 2);
        // Iterative depth-first walk: a deep registry must not overflow the stack.
        Deque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {registry.root(), Boolean.FALSE});
        while (!stack.isEmpty()) {
            Object[] frame = stack.pop();
            String id = (String) frame[0];
            if ((Boolean) frame[1]) {
                r.get(id)[1] = order.size();
                continue;
            }
            r.put(id, new int[] {order.size(), order.size()});
            if (registry.isLeaf(id)) {
                order.add(id);
                r.get(id)[1] = order.size();
                continue;
            }
            stack.push(new Object[] {id, Boolean.TRUE});
            List<String> children = registry.children(id);
            for (int i = children.size() - 1; i >= 0; i--) {
                stack.push(new Object[] {children.get(i), Boolean.FALSE});
            }
        }
        this.leaves = order.toArray(String[]::new);
        this.ranges = r;
    }

    /** The polling areas below the unit (the unit itself for a polling area), in registry order. */
    public List<String> areasOf(String unitId) {
        int[] range = ranges.get(unitId);
        return range == null ? List.of() : java.util.Arrays.asList(leaves).subList(range[0], range[1]);
    }

    public int areas() {
        return leaves.length;
    }
}
