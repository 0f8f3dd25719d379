package vn.election.dashboard.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import vn.election.model.registry.Registry;
import vn.election.model.unit.LevelCompletion;
import vn.election.model.unit.UnitSnapshot;
import vn.election.model.unit.UnitSnapshotCodec;

/**
 * A unit object as of a past time ({@code ?as_of=11:00} on the unit routes): the report's figures at that time in
 * the unit object's own shape (docs/contract.md), so the page and other clients read it as they read live figures.
 * {@code version} is 0 (not a live version) and {@code as_of} is the moment the figures describe.
 */
public final class UnitAsOf {

    private final ReportBuilder reports;
    private final Registry registry;

    public UnitAsOf(ReportBuilder reports, Registry registry) {
        this.reports = reports;
        this.registry = registry;
    }

    /**
     * The unit's object as of {@code at}; throws {@link IllegalArgumentException} (a 400) for a bad time or for a
     * polling area, whose past figures are not kept.
     */
    public ObjectNode of(String unitId, ReportTime at) {
        if (registry.isLeaf(unitId)) {
            throw new IllegalArgumentException("as_of is not answered for polling areas: their past figures are not kept "
                    + "(the job keeps polling areas' curves only with --history-polling-areas)");
        }
        TurnoutReport r = reports.at(unitId, at);
        Map<String, LevelCompletion> levels = new LinkedHashMap<>();
        for (TurnoutReport.LevelRow row : r.levels()) {
            boolean leaf = row.level().equals(Registry.LEAF_LEVEL);
            levels.put(row.level(), new LevelCompletion(row.complete(), row.total(), leaf ? r.areasReporting() : null));
        }
        var unit = r.unit();
        UnitSnapshot s = new UnitSnapshot(unit.id(), unit.parentId(), unit.level(), unit.name(),
                r.registered() == null ? 0 : r.registered(), r.voted() == null ? 0 : r.voted(), levels,
                r.asOf().time() == null ? null : r.asOf().time().toString(), 0);
        return UnitSnapshotCodec.toNode(s);
    }
}
