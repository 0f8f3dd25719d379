package vn.election.jobs.functions.rules;

import java.math.BigDecimal;
import java.math.RoundingMode;
import vn.election.jobs.records.Finding;
import vn.election.model.alert.AnomalyKind;

/**
 * Writes an alert's message in English and Vietnamese from its finding's values (never from another
 * message's text), times as the reporter's local wall clock.
 */
final class AlertMessages {

    /** One message in both languages. */
    record Message(String english, String vietnamese) {
    }

    private static final Wording EN = Wording.ENGLISH;
    private static final Wording VI = Wording.VIETNAMESE;

    private AlertMessages() {
    }

    /**
     * What an open episode says when the rule speaks at {@code speakingAt}.
     *
     * @param value the figure then (for a silence, the minutes silent by then; otherwise what was found)
     * @param unitName the unit's name (units above the polling area are named, polling areas by id)
     */
    static Message found(Finding f, BigDecimal value, long speakingAt, String unitName) {
        Finding.Figures g = f.figures();
        String id = f.unitId();
        AnomalyKind kind = kind(f);
        if (kind == null) {
            return new Message(f.kind() + " at " + unitName + ".", f.kind() + " tại " + unitName + ".");
        }
        switch (kind) {
            case OVER_100_PERCENT:
                return new Message(
                        "Polling area " + id + " has counted " + EN.count(g.count()) + " voters, "
                                + EN.count(g.count() - g.list()) + " more than the " + EN.count(g.list())
                                + " on its list (" + EN.percent(g.count(), g.list()) + "%).",
                        "Khu vực bỏ phiếu " + id + " đã ghi nhận " + VI.count(g.count()) + " cử tri, nhiều hơn "
                                + VI.count(g.count() - g.list()) + " so với " + VI.count(g.list())
                                + " cử tri trong danh sách (" + VI.percent(g.count(), g.list()) + "%).");
            case COUNTER_DECREASE:
                return new Message(
                        "Source " + g.source() + " of polling area " + id + " went down from " + EN.count(g.before())
                                + " to " + EN.count(g.count()) + " voters at " + started(EN, f, speakingAt)
                                + ", below both of its two previous counts (" + EN.count(g.earlier()) + " and "
                                + EN.count(g.before()) + ").",
                        "Nguồn " + g.source() + " của khu vực bỏ phiếu " + id + " giảm từ " + VI.count(g.before())
                                + " xuống " + VI.count(g.count()) + " cử tri lúc " + started(VI, f, speakingAt)
                                + ", thấp hơn cả hai số trước đó (" + VI.count(g.earlier()) + " và "
                                + VI.count(g.before()) + ").");
            case SURGE:
                return new Message(
                        "Source " + g.source() + " of polling area " + id + " counted " + EN.count(g.count())
                                + " more voters in " + g.minutes() + " minutes up to " + started(EN, f, speakingAt)
                                + " (" + EN.number(f.value()) + " a minute), more than the " + EN.number(f.threshold())
                                + " a minute an area with a list of " + EN.count(g.list()) + " can process.",
                        "Nguồn " + g.source() + " của khu vực bỏ phiếu " + id + " ghi nhận thêm " + VI.count(g.count())
                                + " cử tri trong " + g.minutes() + " phút đến lúc " + started(VI, f, speakingAt)
                                + " (" + VI.number(f.value()) + " cử tri/phút), vượt mức " + VI.number(f.threshold())
                                + " cử tri/phút mà một khu vực có " + VI.count(g.list())
                                + " cử tri trong danh sách có thể tiếp nhận.");
            case SILENT_STATION:
                return new Message(
                        "Polling area " + id + " has sent no reading for " + EN.number(value) + " minutes, since "
                                + started(EN, f, speakingAt) + ", with " + EN.count(g.count()) + " of "
                                + EN.count(g.list()) + " voters counted (" + EN.percent(g.count(), g.list()) + "%).",
                        "Khu vực bỏ phiếu " + id + " không gửi số liệu nào trong " + VI.number(value)
                                + " phút, từ lúc " + started(VI, f, speakingAt) + ", với " + VI.count(g.count())
                                + " trên " + VI.count(g.list()) + " cử tri đã bỏ phiếu ("
                                + VI.percent(g.count(), g.list()) + "%).");
            case JUMP_TO_100_BEFORE_CHECKPOINT: {
                long before = Math.floorDiv(g.checkpointMillis() - f.startedMillis(), 60_000L);
                return new Message(
                        "Polling area " + id + " jumped from " + EN.percent(g.before(), g.list()) + "% to "
                                + EN.percent(g.count(), g.list()) + "% of its list (+" + EN.number(f.value())
                                + " points) at " + started(EN, f, speakingAt) + ", " + before + " minutes before the "
                                + checkpoint(EN, f) + " checkpoint.",
                        "Khu vực bỏ phiếu " + id + " tăng vọt từ " + VI.percent(g.before(), g.list()) + "% lên "
                                + VI.percent(g.count(), g.list()) + "% danh sách (+" + VI.number(f.value())
                                + " điểm) lúc " + started(VI, f, speakingAt) + ", " + before
                                + " phút trước mốc báo cáo " + checkpoint(VI, f) + ".");
            }
            case LAGGING_PEERS: {
                BigDecimal score = f.value() == null ? null : f.value().setScale(1, RoundingMode.HALF_UP);
                return new Message(
                        unitName + " is at " + EN.number(g.turnoutPct()) + "% at " + started(EN, f, speakingAt) + ", "
                                + EN.number(g.gapPoints()) + " points below the median of its " + g.peers() + " "
                                + f.level() + " peers (robust score " + EN.number(score) + ").",
                        unitName + " đạt " + VI.number(g.turnoutPct()) + "% lúc " + started(VI, f, speakingAt)
                                + ", thấp hơn " + VI.number(g.gapPoints()) + " điểm so với trung vị của " + g.peers()
                                + " đơn vị cùng cấp (điểm lệch chuẩn hóa " + VI.number(score) + ").");
            }
            case BELOW_TARGET_AT_CLOSE:
                return new Message(
                        unitName + " closed at " + EN.number(f.value()) + "%, below the target of "
                                + EN.number(f.threshold()) + "%.",
                        unitName + " kết thúc bỏ phiếu ở mức " + VI.number(f.value()) + "%, thấp hơn mục tiêu "
                                + VI.number(f.threshold()) + "%.");
            case TURNOUT_BELOW:
                return new Message(
                        unitName + " is at " + EN.number(f.value()) + "% at " + started(EN, f, speakingAt)
                                + ", below the " + EN.number(f.threshold()) + "% rule " + f.ruleId() + " asks for.",
                        unitName + " đạt " + VI.number(f.value()) + "% lúc " + started(VI, f, speakingAt)
                                + ", thấp hơn mức " + VI.number(f.threshold()) + "% mà quy tắc " + f.ruleId()
                                + " yêu cầu.");
            default:
                return new Message(f.kind() + " at " + unitName + ".", f.kind() + " tại " + unitName + ".");
        }
    }

    /** What the end of an episode says, from what was measured when it ended. */
    static Message resolved(Finding f, String unitName) {
        Finding.Figures g = f.figures();
        String id = f.unitId();
        long at = f.endedMillis();
        AnomalyKind kind = kind(f);
        if (kind == null) {
            return new Message(f.kind() + " at " + unitName + " has ended.", f.kind() + " tại " + unitName + " đã kết thúc.");
        }
        switch (kind) {
            case OVER_100_PERCENT:
                return new Message(
                        "Polling area " + id + " is back within its list: " + EN.count(g.count()) + " voters of "
                                + EN.count(g.list()) + " (" + EN.percent(g.count(), g.list()) + "%).",
                        "Khu vực bỏ phiếu " + id + " đã trở lại trong danh sách: " + VI.count(g.count()) + " trên "
                                + VI.count(g.list()) + " cử tri (" + VI.percent(g.count(), g.list()) + "%).");
            case COUNTER_DECREASE:
                return new Message(
                        "Source " + g.source() + " of polling area " + id + " is back to " + EN.count(g.count())
                                + " voters, at or above the " + EN.count(g.before()) + " it had before the drop.",
                        "Nguồn " + g.source() + " của khu vực bỏ phiếu " + id + " đã trở lại " + VI.count(g.count())
                                + " cử tri, bằng hoặc cao hơn mức " + VI.count(g.before()) + " trước khi giảm.");
            case SURGE:
                return new Message(
                        "Source " + g.source() + " of polling area " + id + " is counting at " + EN.number(f.value())
                                + " voters a minute again, within the capacity of " + EN.number(f.threshold()) + ".",
                        "Nguồn " + g.source() + " của khu vực bỏ phiếu " + id + " đã trở lại tốc độ "
                                + VI.number(f.value()) + " cử tri/phút, trong khả năng tiếp nhận "
                                + VI.number(f.threshold()) + ".");
            case SILENT_STATION:
                return g.heldBack()
                        ? new Message(
                                "Polling area " + id + " was not silent: a reading it observed at "
                                        + EN.clock(at, f.endedOffsetSeconds(), at) + " arrived late, held back on the way.",
                                "Khu vực bỏ phiếu " + id + " không im lặng: số liệu ghi nhận lúc "
                                        + VI.clock(at, f.endedOffsetSeconds(), at)
                                        + " đến muộn vì bị giữ lại trên đường truyền.")
                        : new Message(
                                "Polling area " + id + " reported again at " + EN.clock(at, f.endedOffsetSeconds(), at)
                                        + " after " + EN.number(f.value()) + " minutes without a reading.",
                                "Khu vực bỏ phiếu " + id + " đã báo cáo lại lúc " + VI.clock(at, f.endedOffsetSeconds(), at)
                                        + " sau " + VI.number(f.value()) + " phút không có số liệu.");
            case JUMP_TO_100_BEFORE_CHECKPOINT:
                return new Message(
                        "The " + checkpoint(EN, f) + " checkpoint has passed for polling area " + id + ".",
                        "Mốc báo cáo " + checkpoint(VI, f) + " đã qua đối với khu vực bỏ phiếu " + id + ".");
            case LAGGING_PEERS:
                return g.gapPoints() != null && g.gapPoints().signum() <= 0
                        ? new Message(unitName + " is at or above the median of its " + f.level() + " peers again.",
                                unitName + " đã lại bằng hoặc cao hơn trung vị của các đơn vị cùng cấp.")
                        : new Message(unitName + " is back within " + EN.number(g.gapPoints())
                                        + " points of its " + f.level() + " peers.",
                                unitName + " đã trở lại trong phạm vi " + VI.number(g.gapPoints())
                                        + " điểm so với các đơn vị cùng cấp.");
            case BELOW_TARGET_AT_CLOSE:
                return new Message(unitName + " reached the target: " + EN.number(f.value()) + "%.",
                        unitName + " đã đạt mục tiêu: " + VI.number(f.value()) + "%.");
            case TURNOUT_BELOW:
                return new Message(
                        unitName + " reached " + EN.number(f.value()) + "%, at or above " + EN.number(f.threshold())
                                + "%.",
                        unitName + " đã đạt " + VI.number(f.value()) + "%, bằng hoặc cao hơn "
                                + VI.number(f.threshold()) + "%.");
            default:
                return new Message(f.kind() + " at " + unitName + " has ended.",
                        f.kind() + " tại " + unitName + " đã kết thúc.");
        }
    }

    /**
     * A firing episode whose condition cleared, as {@code end} says, and which resolves at {@code resolvesAt}
     * unless it returns first: what the end says, then when it cleared and when it will resolve.
     */
    static Message recovering(Finding end, String unitName, long resolvesAt) {
        Message cleared = resolved(end, unitName);
        long at = end.endedMillis();
        int offset = end.endedOffsetSeconds();
        return new Message(
                cleared.english() + " Cleared at " + EN.clock(at, offset, at) + "; resolves at "
                        + EN.clock(resolvesAt, offset, at) + " unless it returns.",
                cleared.vietnamese() + " Đã hết lúc " + VI.clock(at, offset, at) + "; cảnh báo kết thúc lúc "
                        + VI.clock(resolvesAt, offset, at) + " nếu không tái diễn.");
    }

    /** A recovering episode firing again: what it found now, said as a return. */
    static Message returned(Message found) {
        return new Message("Back before it resolved: " + found.english(),
                "Tái diễn trước khi cảnh báo kết thúc: " + found.vietnamese());
    }

    /** The end of an episode whose rule went away, then what the episode was. */
    static Message ruleRemoved(String ruleId, boolean deleted, Message was) {
        return new Message("Rule " + ruleId + (deleted ? " was deleted" : " was disabled") + "; " + was.english(),
                "Quy tắc " + ruleId + (deleted ? " đã bị xóa" : " đã bị tắt") + "; " + was.vietnamese());
    }

    private static String started(Wording w, Finding f, long speakingAt) {
        return w.clock(f.startedMillis(), f.offsetSeconds(), speakingAt);
    }

    /** A checkpoint is an hour of the day the jump came on: its own day, so no date. */
    private static String checkpoint(Wording w, Finding f) {
        long cp = f.figures().checkpointMillis();
        return w.clock(cp, f.offsetSeconds(), cp);
    }

    private static AnomalyKind kind(Finding f) {
        try {
            return AnomalyKind.valueOf(f.kind());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
