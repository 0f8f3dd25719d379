package vn.election.delivery;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import vn.election.model.alert.Alert;
import vn.election.model.alert.AlertCodec;
import vn.election.model.json.Json;
import vn.election.model.registry.Registry;
import vn.election.model.registry.Unit;

/**
 * One webhook notification of a group: the key, the alerts it carries, its deterministic
 * {@code webhook-id} and the JSON body (an {@code alert_group} object, see the module README) that every
 * attempt sends unchanged.
 *
 * @param repeat 0 for a notification of new members, n for the n-th reminder of an unchanged firing group
 * @param oldestRecordMillis the Kafka timestamp of the oldest record waiting for this notification; -1 if none
 * @param alerts the alerts in the body, for routing a share of them to a receiver ({@link WebhookRoutes})
 */
public record GroupNotification(GroupKey key, String webhookId, List<String> alertIds, int repeat, byte[] body,
                                long oldestRecordMillis, List<Alert> alerts) {

    /** Builds the notification of {@code alerts} (sorted by unit, then alert id, in the body). */
    static GroupNotification of(GroupKey key, List<Alert> alerts, int repeat, Registry registry, long oldestRecordMillis) {
        List<Alert> sorted = alerts.stream()
                .sorted(Comparator.comparing(Alert::unitId).thenComparing(Alert::alertId)).toList();
        List<String> ids = sorted.stream().map(Alert::alertId).sorted().toList();
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("type", "alert_group");
        o.put("group_key", key.text());
        o.put("kind", key.kind());
        o.put("state", key.state().wire());
        o.put("unit_id", key.unitId());
        Unit unit = registry.find(key.unitId()).orElse(null);
        o.put("unit_name", unit == null ? null : unit.name());
        o.put("unit_level", unit == null ? null : unit.level());
        o.put("count", sorted.size());
        o.put("repeat", repeat);
        ArrayNode list = o.putArray("alerts");
        for (Alert a : sorted) {
            ObjectNode n = AlertCodec.toNode(a);
            n.put("unit_name", registry.find(a.unitId()).map(Unit::name).orElse(null));
            list.add(n);
        }
        return new GroupNotification(key, webhookId(key, ids, repeat), ids, repeat,
                o.toString().getBytes(StandardCharsets.UTF_8), oldestRecordMillis, sorted);
    }

    /**
     * {@code msg_} + 32 hex digits of SHA-256 over the group key, the sorted alert ids and the repeat
     * number: the same group with the same members has the same id on every attempt, instance and restart.
     */
    static String webhookId(GroupKey key, List<String> sortedAlertIds, int repeat) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(key.text().getBytes(StandardCharsets.UTF_8));
            for (String id : sortedAlertIds) {
                sha.update((byte) 0);
                sha.update(id.getBytes(StandardCharsets.UTF_8));
            }
            if (repeat > 0) {
                sha.update(("\u0001repeat " + repeat).getBytes(StandardCharsets.UTF_8));
            }
            return "msg_" + HexFormat.of().formatHex(sha.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    public int count() {
        return alertIds.size();
    }
}
