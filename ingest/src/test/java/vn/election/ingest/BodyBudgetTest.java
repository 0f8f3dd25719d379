package vn.election.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BodyBudgetTest {

    private final InFlightBudget total = new InFlightBudget(1000, 1000);
    private final BodyBudget budget = new BodyBudget(total, 300, 3);

    @Test
    void aBodyHoldsWhatItHasReceivedNotWhatItDeclared() {
        BodyBudget.Charge slow = budget.open("t_slow");

        assertThat(slow.charge(1)).isNull();

        assertThat(total.bytesInFlight()).isEqualTo(1);
        assertThat(budget.bytesHeldBy("t_slow")).isEqualTo(1);
        assertThat(budget.bodiesReceiving()).isEqualTo(1);
    }

    @Test
    void oneTokenMaySendOnlySoManyBodiesAtOnceWhileOthersStillCan() {
        BodyBudget.Charge a = budget.open("t_a");
        budget.open("t_a");
        budget.open("t_a");

        assertThat(budget.open("t_a")).as("a fourth body of the same token").isNull();
        assertThat(budget.open("t_b")).as("another token").isNotNull();

        a.received();
        assertThat(budget.open("t_a")).as("a body complete frees its place, though its bytes stay held").isNotNull();
    }

    @Test
    void oneTokenHoldsAtMostItsShareOfTheBytesAndTheTotalIsNeverPassed() {
        BodyBudget.Charge a = budget.open("t_a");
        assertThat(a.charge(300)).isNull();
        assertThat(a.charge(1)).isEqualTo(BodyBudget.Refusal.TOKEN_BYTES);
        assertThat(budget.open("t_a").charge(1)).as("the share is the token's, not the body's")
                .isEqualTo(BodyBudget.Refusal.TOKEN_BYTES);

        assertThat(budget.open("t_b").charge(300)).isNull();
        assertThat(budget.open("t_c").charge(300)).isNull();
        assertThat(budget.open("t_d").charge(101)).as("900 held of 1000").isEqualTo(BodyBudget.Refusal.TOTAL_BYTES);
        assertThat(total.bytesInFlight()).as("a refusal takes nothing").isEqualTo(900);
        assertThat(budget.bytesHeldBy("t_d")).isZero();
        assertThat(budget.fits("t_d", 100)).isTrue();
        assertThat(budget.fits("t_d", 101)).isFalse();
        assertThat(budget.fits("t_a", 1)).isFalse();
    }

    @Test
    void releaseGivesEverythingBackOnceWhateverHappenedBeforeAnEmptyBodyIncluded() {
        BodyBudget.Charge received = budget.open("t_a");
        received.charge(200);
        received.received();
        BodyBudget.Charge cut = budget.open("t_a");
        cut.charge(50);

        received.release();
        cut.release();
        cut.release();
        received.received();

        BodyBudget.Charge empty = budget.open("t_e");
        empty.received();
        empty.release();

        assertThat(total.bytesInFlight()).isZero();
        assertThat(budget.bytesHeldBy("t_a")).isZero();
        assertThat(budget.bodiesReceiving()).isZero();
        for (int i = 0; i < 3; i++) {
            assertThat(budget.open("t_a")).as("every place is free again").isNotNull();
        }
    }
}
