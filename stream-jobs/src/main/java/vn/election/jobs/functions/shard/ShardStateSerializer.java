package vn.election.jobs.functions.shard;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes a {@link ShardState} as its arrays, field by field, with a format version first; the copy the heap
 * backend takes during a checkpoint is a plain deep copy of the arrays. Written for the shard state because
 * Flink's POJO serializer walks fields by reflection with a null flag per field and element.
 */
public final class ShardStateSerializer extends TypeSerializer<ShardState> {

    private static final long serialVersionUID = 1L;
    // 3: open episodes are findings (measured values), no longer alerts as JSON.
    // 4: the curve book's buckets end inclusively (the point at 09:00 includes readings made at 09:00:00), and
    //    the curve timer is at a bucket's end, no longer a millisecond before it: a format 3 state is refused.
    private static final int FORMAT = 4;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<ShardState> duplicate() {
        return this;
    }

    @Override
    public ShardState createInstance() {
        return new ShardState();
    }

    @Override
    public ShardState copy(ShardState f) {
        ShardState s = new ShardState();
        s.voted = f.voted.clone();
        s.registered = f.registered.clone();
        s.listAsOf = f.listAsOf.clone();
        s.latest = f.latest.clone();
        s.firstObserved = f.firstObserved.clone();
        s.offset = f.offset.clone();
        s.reported = f.reported.clone();
        s.flushedVoted = f.flushedVoted.clone();
        s.flushedRegistered = f.flushedRegistered.clone();
        s.flushedLatest = f.flushedLatest.clone();
        s.flushedReported = f.flushedReported.clone();
        s.dirty = f.dirty.clone();
        s.dirtyCount = f.dirtyCount;
        s.isDirty = f.isDirty.clone();
        s.firstSource = f.firstSource.clone();
        s.sourceName = f.sourceName.clone();
        s.sourceCode = f.sourceCode.clone();
        s.sourceSeq = f.sourceSeq.clone();
        s.sourceVoted = f.sourceVoted.clone();
        s.nextSource = f.nextSource.clone();
        s.sourceCount = f.sourceCount;
        s.unitVoted = f.unitVoted.clone();
        s.unitRegistered = f.unitRegistered.clone();
        s.unitReporting = f.unitReporting.clone();
        s.unitLatest = f.unitLatest.clone();
        s.unitOffset = f.unitOffset.clone();
        s.unitComplete = f.unitComplete.clone();
        s.unitWasComplete = f.unitWasComplete.clone();
        s.unitDirty = f.unitDirty.clone();
        s.upVoted = f.upVoted;
        s.upRegistered = f.upRegistered;
        s.upReporting = f.upReporting;
        s.upLatest = f.upLatest;
        s.upComplete = f.upComplete.clone();
        s.upWasComplete = f.upWasComplete;
        s.version = f.version;
        s.tickAt = f.tickAt;
        s.watches = f.watches.copy();
        s.curves = f.curves.copy();
        s.openUnits = f.openUnits.clone();
        s.openCount = f.openCount;
        s.isOpen = f.isOpen.clone();
        s.curveTimerBucket = f.curveTimerBucket;
        return s;
    }

    @Override
    public ShardState copy(ShardState from, ShardState reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(ShardState s, DataOutputView out) throws IOException {
        out.writeInt(FORMAT);
        StateArrays.longs(out, s.voted);
        StateArrays.longs(out, s.registered);
        StateArrays.longs(out, s.listAsOf);
        StateArrays.longs(out, s.latest);
        StateArrays.longs(out, s.firstObserved);
        StateArrays.ints(out, s.offset);
        StateArrays.bools(out, s.reported);
        StateArrays.longs(out, s.flushedVoted);
        StateArrays.longs(out, s.flushedRegistered);
        StateArrays.longs(out, s.flushedLatest);
        StateArrays.bools(out, s.flushedReported);
        StateArrays.ints(out, s.dirty);
        out.writeInt(s.dirtyCount);
        StateArrays.bools(out, s.isDirty);
        StateArrays.ints(out, s.firstSource);
        out.writeInt(s.sourceCount);
        out.writeInt(s.sourceName.length);
        for (int i = 0; i < s.sourceCount; i++) {
            out.writeUTF(s.sourceName[i]);
            out.writeLong(s.sourceSeq[i]);
            out.writeLong(s.sourceVoted[i]);
            out.writeInt(s.nextSource[i]);
        }
        StateArrays.longs(out, s.unitVoted);
        StateArrays.longs(out, s.unitRegistered);
        StateArrays.longs(out, s.unitReporting);
        StateArrays.longs(out, s.unitLatest);
        StateArrays.ints(out, s.unitOffset);
        StateArrays.longs(out, s.unitComplete);
        StateArrays.bools(out, s.unitWasComplete);
        StateArrays.bools(out, s.unitDirty);
        out.writeLong(s.upVoted);
        out.writeLong(s.upRegistered);
        out.writeLong(s.upReporting);
        out.writeLong(s.upLatest);
        StateArrays.longs(out, s.upComplete);
        out.writeBoolean(s.upWasComplete);
        out.writeLong(s.version);
        out.writeLong(s.tickAt);
        s.watches.write(out);
        s.curves.write(out);
        StateArrays.ints(out, s.openUnits);
        out.writeInt(s.openCount);
        StateArrays.bools(out, s.isOpen);
        out.writeLong(s.curveTimerBucket);
    }

    @Override
    public ShardState deserialize(DataInputView in) throws IOException {
        int format = in.readInt();
        if (format != FORMAT) {
            throw new IOException("shard state written in format " + format + ", this job reads format " + FORMAT
                    + (format == 3 ? ": format 3's curve buckets end before their label (a reading at 09:00:00 was in"
                    + " the point at 09:05), format 4's include readings made at their end. Start the job without this"
                    + " savepoint and let it read the readings topic again" : ""));
        }
        ShardState s = new ShardState();
        s.voted = StateArrays.longs(in);
        s.registered = StateArrays.longs(in);
        s.listAsOf = StateArrays.longs(in);
        s.latest = StateArrays.longs(in);
        s.firstObserved = StateArrays.longs(in);
        s.offset = StateArrays.ints(in);
        s.reported = StateArrays.bools(in);
        s.flushedVoted = StateArrays.longs(in);
        s.flushedRegistered = StateArrays.longs(in);
        s.flushedLatest = StateArrays.longs(in);
        s.flushedReported = StateArrays.bools(in);
        s.dirty = StateArrays.ints(in);
        s.dirtyCount = in.readInt();
        s.isDirty = StateArrays.bools(in);
        s.firstSource = StateArrays.ints(in);
        s.sourceCount = in.readInt();
        int capacity = in.readInt();
        s.sourceName = new String[capacity];
        s.sourceCode = new long[capacity];
        s.sourceSeq = new long[capacity];
        s.sourceVoted = new long[capacity];
        s.nextSource = new int[capacity];
        for (int i = 0; i < s.sourceCount; i++) {
            s.sourceName[i] = in.readUTF();
            s.sourceCode[i] = ShardState.code(s.sourceName[i]);
            s.sourceSeq[i] = in.readLong();
            s.sourceVoted[i] = in.readLong();
            s.nextSource[i] = in.readInt();
        }
        s.unitVoted = StateArrays.longs(in);
        s.unitRegistered = StateArrays.longs(in);
        s.unitReporting = StateArrays.longs(in);
        s.unitLatest = StateArrays.longs(in);
        s.unitOffset = StateArrays.ints(in);
        s.unitComplete = StateArrays.longs(in);
        s.unitWasComplete = StateArrays.bools(in);
        s.unitDirty = StateArrays.bools(in);
        s.upVoted = in.readLong();
        s.upRegistered = in.readLong();
        s.upReporting = in.readLong();
        s.upLatest = in.readLong();
        s.upComplete = StateArrays.longs(in);
        s.upWasComplete = in.readBoolean();
        s.version = in.readLong();
        s.tickAt = in.readLong();
        s.watches = vn.election.jobs.functions.detect.StationWatches.read(in);
        s.curves = vn.election.jobs.functions.curve.CurveBook.read(in);
        s.openUnits = StateArrays.ints(in);
        s.openCount = in.readInt();
        s.isOpen = StateArrays.bools(in);
        s.curveTimerBucket = in.readLong();
        return s;
    }

    @Override
    public ShardState deserialize(ShardState reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ShardStateSerializer;
    }

    @Override
    public int hashCode() {
        return ShardStateSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<ShardState> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The serializer's snapshot: it has no configuration, its format version is in every value. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<ShardState> {
        public Snapshot() {
            super(ShardStateSerializer::new);
        }
    }
}
