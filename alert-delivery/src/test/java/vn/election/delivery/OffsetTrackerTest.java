package vn.election.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

    @Test
    void commitsOnlyUpToTheLowestRecordNotYetDelivered() {
        OffsetTracker t = new OffsetTracker();
        t.assign(0, 10);
        assertThat(t.toCommit()).isEmpty();
        t.track(new RecordRef(0, 10));
        t.track(new RecordRef(0, 11));
        t.read(new RecordRef(0, 12));
        assertThat(t.pending()).isEqualTo(2);
        assertThat(t.toCommit()).isEmpty();
        t.release(new RecordRef(0, 11));
        assertThat(t.toCommit()).isEmpty();
        t.release(new RecordRef(0, 10));
        assertThat(t.toCommit()).isEqualTo(Map.of(0, 13L));
        t.committed(Map.of(0, 13L));
        assertThat(t.toCommit()).isEmpty();
        assertThat(t.pending()).isZero();
    }
}
