package vn.election.dashboard.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.election.dashboard.Fixtures;
import vn.election.model.alert.Alert;
import vn.election.model.alert.AlertSilence;
import vn.election.model.registry.Registry;

class SilenceBookTest {

    private static final Registry REGISTRY = Fixtures.REGISTRY;
    private final Instant now = Instant.now();
    private final SilenceBook book = new SilenceBook(REGISTRY);
    private final String area = REGISTRY.children(REGISTRY.children(REGISTRY.children("VN-22").get(0)).get(0)).get(0);
    private final Alert alert = Fixtures.firingAlert(area, "SILENT_STATION", "2021-05-23T09:05:00+07:00");

    private AlertSilence silence(String id, Instant startsAt, Instant endsAt) {
        return new AlertSilence(id, "VN-22", null, null, startsAt, endsAt, "why", "qn-ops", now, true, null, null);
    }

    @Test
    void marksAnAlertWhileASilenceIsInForceAndAnExpiryIsNeverUndone() {
        AlertSilence s = silence("a", null, now.plusSeconds(3600));
        assertThat(book.offer(s)).isEqualTo("applied");
        assertThat(book.offer(s)).isEqualTo("stale");
        assertThat(book.mark(alert, now).get("id").asText()).isEqualTo("a");
        assertThat(book.mark(alert, now).get("by").asText()).isEqualTo("qn-ops");
        AlertSilence ended = s.expired("nation", now);
        assertThat(book.offer(ended)).isEqualTo("applied");
        // The creation read back from Kafka after the expiry was shown at once.
        assertThat(book.offer(s)).isEqualTo("stale");
        assertThat(book.mark(alert, now.plusSeconds(1))).isNull();
        assertThat(book.listed(now.plusSeconds(1))).extracting(AlertSilence::expiredBy).containsExactly("nation");
        assertThat(book.unended(now.plusSeconds(1))).isZero();
    }

    @Test
    void tellsWhenASilenceComesIntoAndGoesOutOfForce() {
        List<String> heard = new ArrayList<>();
        book.onChange(s -> heard.add(s.id()));
        book.offer(silence("later", now.plusSeconds(60), now.plusSeconds(120)));
        assertThat(heard).isEmpty();
        assertThat(book.unendedBy("qn-ops", now)).isEqualTo(1);
        book.tick(now.plusSeconds(61));
        assertThat(heard).containsExactly("later");
        assertThat(book.mark(alert, now.plusSeconds(61))).isNotNull();
        book.tick(now.plusSeconds(121));
        assertThat(heard).containsExactly("later", "later");
    }

    @Test
    void keepsTheEndedOnesBounded() {
        for (int i = 0; i < SilenceBook.MAX_ENDED_KEPT + 50; i++) {
            AlertSilence s = silence("s" + i, null, now.plusSeconds(3600));
            book.offer(s);
            book.offer(s.expired("nation", now.minusSeconds(1000 - i)));
        }
        assertThat(book.listed(now)).hasSize(SilenceBook.MAX_ENDED_KEPT);
        assertThat(book.find("s0")).isEmpty();
        assertThat(book.find("s" + (SilenceBook.MAX_ENDED_KEPT + 49))).isPresent();
    }
}
