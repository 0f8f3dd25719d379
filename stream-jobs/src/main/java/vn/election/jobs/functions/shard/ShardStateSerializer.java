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
    private static final int FORMAT = 1;

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
        longs(out, s.voted);
        longs(out, s.registered);
        longs(out, s.listAsOf);
        longs(out, s.latest);
        ints(out, s.offset);
        bools(out, s.reported);
        longs(out, s.flushedVoted);
        longs(out, s.flushedRegistered);
        longs(out, s.flushedLatest);
        bools(out, s.flushedReported);
        ints(out, s.dirty);
        out.writeInt(s.dirtyCount);
        bools(out, s.isDirty);
        ints(out, s.firstSource);
        out.writeInt(s.sourceCount);
        out.writeInt(s.sourceName.length);
        for (int i = 0; i < s.sourceCount; i++) {
            out.writeUTF(s.sourceName[i]);
            out.writeLong(s.sourceSeq[i]);
            out.writeLong(s.sourceVoted[i]);
            out.writeInt(s.nextSource[i]);
        }
        longs(out, s.unitVoted);
        longs(out, s.unitRegistered);
        longs(out, s.unitReporting);
        longs(out, s.unitLatest);
        ints(out, s.unitOffset);
        longs(out, s.unitComplete);
        bools(out, s.unitWasComplete);
        bools(out, s.unitDirty);
        out.writeLong(s.upVoted);
        out.writeLong(s.upRegistered);
        out.writeLong(s.upReporting);
        out.writeLong(s.upLatest);
        longs(out, s.upComplete);
        out.writeBoolean(s.upWasComplete);
        out.writeLong(s.version);
        out.writeLong(s.tickAt);
        s.watches.write(out);
    }

    @Override
    public ShardState deserialize(DataInputView in) throws IOException {
        int format = in.readInt();
        if (format != FORMAT) {
            throw new IOException("shard state written in format " + format + ", this job reads format " + FORMAT);
        }
        ShardState s = new ShardState();
        s.voted = longs(in);
        s.registered = longs(in);
        s.listAsOf = longs(in);
        s.latest = longs(in);
        s.offset = ints(in);
        s.reported = bools(in);
        s.flushedVoted = longs(in);
        s.flushedRegistered = longs(in);
        s.flushedLatest = longs(in);
        s.flushedReported = bools(in);
        s.dirty = ints(in);
        s.dirtyCount = in.readInt();
        s.isDirty = bools(in);
        s.firstSource = ints(in);
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
        s.unitVoted = longs(in);
        s.unitRegistered = longs(in);
        s.unitReporting = longs(in);
        s.unitLatest = longs(in);
        s.unitOffset = ints(in);
        s.unitComplete = longs(in);
        s.unitWasComplete = bools(in);
        s.unitDirty = bools(in);
        s.upVoted = in.readLong();
        s.upRegistered = in.readLong();
        s.upReporting = in.readLong();
        s.upLatest = in.readLong();
        s.upComplete = longs(in);
        s.upWasComplete = in.readBoolean();
        s.version = in.readLong();
        s.tickAt = in.readLong();
        s.watches = vn.election.jobs.functions.detect.StationWatches.read(in);
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

    static void longs(DataOutputView out, long[] a) throws IOException {
        out.writeInt(a.length);
        for (long v : a) {
            out.writeLong(v);
        }
    }

    static long[] longs(DataInputView in) throws IOException {
        long[] a = new long[in.readInt()];
        for (int i = 0; i < a.length; i++) {
            a[i] = in.readLong();
        }
        return a;
    }

    static void ints(DataOutputView out, int[] a) throws IOException {
        out.writeInt(a.length);
        for (int v : a) {
            out.writeInt(v);
        }
    }

    static int[] ints(DataInputView in) throws IOException {
        int[] a = new int[in.readInt()];
        for (int i = 0; i < a.length; i++) {
            a[i] = in.readInt();
        }
        return a;
    }

    static void bools(DataOutputView out, boolean[] a) throws IOException {
        out.writeInt(a.length);
        for (boolean v : a) {
            out.writeBoolean(v);
        }
    }

    static boolean[] bools(DataInputView in) throws IOException {
        boolean[] a = new boolean[in.readInt()];
        for (int i = 0; i < a.length; i++) {
            a[i] = in.readBoolean();
        }
        return a;
    }
}
