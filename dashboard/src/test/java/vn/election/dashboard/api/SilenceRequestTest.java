package vn.election.dashboard.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import vn.election.dashboard.Fixtures;
import vn.election.dashboard.auth.Session;
import vn.election.model.alert.AlertSilence;

class SilenceRequestTest {

    private final Instant now = Instant.parse("2026-03-15T02:00:00Z");
    private final Session qnOps = new Session("qn-ops", "VN-22", null, now, now.plusSeconds(3600));

    private AlertSilence create(String body, Session session) {
        return SilenceRequest.create(body, session, Fixtures.REGISTRY, now);
    }

    @Test
    void makesASilenceWithTheSignedInNameOrTheTypedOne() {
        AlertSilence s = create("{\"unit_id\":\"VN-22\",\"kind\":\"surge\",\"ends_at\":\"2026-03-15T12:00:00+07:00\",\"comment\":\"x\"}", qnOps);
        assertThat(s.kind()).isEqualTo("SURGE");
        assertThat(s.endsAt()).isEqualTo(Instant.parse("2026-03-15T05:00:00Z"));
        assertThat(s.createdBy()).isEqualTo("qn-ops");
        assertThat(s.signedIn()).isTrue();
        assertThat(s.startsAt()).isNull();
        AlertSilence typed = create("{\"level\":\"province\",\"starts_at\":\"2026-03-15T01:00:00Z\",\"ends_at\":\"2026-03-15T03:00:00Z\","
                + "\"created_by\":\"trực ban\"}", null);
        assertThat(typed.createdBy()).isEqualTo("trực ban");
        assertThat(typed.signedIn()).isFalse();
        assertThat(typed.startsAt()).as("a start in the past is now").isNull();
        assertThat(SilenceRequest.expiredBy(null, qnOps)).isEqualTo("qn-ops");
        assertThat(SilenceRequest.expiredBy("{\"expired_by\":\"ca đêm\"}", null)).isEqualTo("ca đêm");
    }

    @Test
    void eachRefusalNamesItsField() {
        String ends = "\"ends_at\":\"2026-03-15T03:00:00Z\"";
        assertThatThrownBy(() -> create("{\"unit_id\":\"VN-99\"," + ends + "}", null)).hasMessage("unit_id 'VN-99' is not in the registry");
        assertThatThrownBy(() -> create("{\"kind\":\"RAIN\"," + ends + "}", null)).hasMessageStartingWith("kind 'RAIN' must be one of [OVER_100_PERCENT");
        assertThatThrownBy(() -> create("{" + ends + "}", null)).hasMessage("give at least one matcher: unit_id, level or kind");
        assertThatThrownBy(() -> create("{\"kind\":\"SURGE\",\"ends_at\":\"2026-03-23T03:00:00Z\"}", null))
                .hasMessageStartingWith("ends_at must be at most 7 days ahead");
        assertThatThrownBy(() -> create("{\"kind\":\"SURGE\",\"ends_at\":\"2026-03-15T01:00:00Z\"}", null))
                .hasMessageStartingWith("ends_at must be in the future");
        assertThatThrownBy(() -> create("{\"kind\":\"SURGE\",\"ends_at\":42}", null)).hasMessageStartingWith("ends_at must be text");
        assertThatThrownBy(() -> create("{\"kind\":\"SURGE\"," + ends + ",\"created_by\":\"nation\"}", qnOps))
                .hasMessageStartingWith("created_by must be the signed-in user 'qn-ops'");
        assertThatThrownBy(() -> SilenceRequest.expiredBy("{\"expired_by\":\"nation\"}", qnOps))
                .hasMessageStartingWith("expired_by must be the signed-in user 'qn-ops'");
        assertThatThrownBy(() -> create("not json", null)).hasMessageStartingWith("body must be JSON");
    }
}
