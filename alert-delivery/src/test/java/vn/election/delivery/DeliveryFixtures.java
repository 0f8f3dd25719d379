package vn.election.delivery;

import java.math.BigDecimal;
import vn.election.model.alert.Alert;
import vn.election.model.registry.Registry;
import vn.election.testing.TestRegistries;

/** Registries and alerts for the delivery tests: two provinces with many polling areas, and alert builders. */
final class DeliveryFixtures {

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private DeliveryFixtures() {
    }

    /** Nation X, provinces, one commune each ({@code X-p-c}), {@code areas} polling areas per commune ({@code X-p-c-n}). */
    static Registry registry(int areas) {
        StringBuilder csv = new StringBuilder("unit_id,parent_id,level,name,registered\nX,,nation,Quốc gia,\n");
        for (int p = 1; p <= 2; p++) {
            csv.append("X-").append(p).append(",X,province,\"Tỉnh ").append(p).append(", thử\",\n");
            csv.append("X-").append(p).append("-c,X-").append(p).append(",commune,Xã ").append(p).append(",\n");
            for (int a = 1; a <= areas; a++) {
                csv.append("X-").append(p).append("-c-").append(a).append(",X-").append(p).append("-c,polling_area,Khu vực ")
                        .append(a).append(",1000\n");
            }
        }
        return TestRegistries.load(csv.toString());
    }

    static String area(int province, int n) {
        return "X-" + province + "-c-" + n;
    }

    /** A firing alert of {@code kind} at {@code unit}, with an episode id from the rule, unit and start. */
    static Alert firing(String kind, String unit) {
        String level = unit.chars().filter(c -> c == '-').count() == 3 ? "polling_area" : "province";
        String started = "2026-03-15T09:00:00+07:00";
        return new Alert(Alert.episodeId("rule-" + kind, unit, started), "rule-" + kind, kind, unit, level, "warning",
                Alert.State.FIRING, BigDecimal.valueOf(45), BigDecimal.valueOf(30), started, null,
                "no reading for 45 minutes");
    }

    static Alert silent(String unit) {
        return firing("SILENT_STATION", unit);
    }

    /** The same alert at critical severity. */
    static Alert critical(Alert a) {
        return new Alert(a.alertId(), a.ruleId(), a.kind(), a.unitId(), a.level(), "critical", a.state(), a.value(),
                a.threshold(), a.startedAt(), a.endedAt(), a.message());
    }

    /** The same episode recovering: its condition cleared, it resolves unless it returns. */
    static Alert recovering(Alert a) {
        return new Alert(a.alertId(), a.ruleId(), a.kind(), a.unitId(), a.level(), a.severity(), Alert.State.RECOVERING,
                BigDecimal.ZERO, a.threshold(), a.startedAt(), null, "reading received; resolves at 10:10 unless it returns");
    }

    static Alert resolved(Alert a) {
        return a.resolved("2026-03-15T10:00:00+07:00", BigDecimal.ZERO, "reading received");
    }
}
