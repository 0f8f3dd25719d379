package vn.election.jobs.functions.shard;

import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Primitive arrays written and read as their length then their elements: the shard state's serializers share these. */
public final class StateArrays {

    private StateArrays() {
    }

    public static void longs(DataOutputView out, long[] a) throws IOException {
        out.writeInt(a.length);
        for (long v : a) {
            out.writeLong(v);
        }
    }

    public static long[] longs(DataInputView in) throws IOException {
        long[] a = new long[in.readInt()];
        for (int i = 0; i < a.length; i++) {
            a[i] = in.readLong();
        }
        return a;
    }

    public static void ints(DataOutputView out, int[] a) throws IOException {
        out.writeInt(a.length);
        for (int v : a) {
            out.writeInt(v);
        }
    }

    public static int[] ints(DataInputView in) throws IOException {
        int[] a = new int[in.readInt()];
        for (int i = 0; i < a.length; i++) {
            a[i] = in.readInt();
        }
        return a;
    }

    public static void bools(DataOutputView out, boolean[] a) throws IOException {
        out.writeInt(a.length);
        for (boolean v : a) {
            out.writeBoolean(v);
        }
    }

    public static boolean[] bools(DataInputView in) throws IOException {
        boolean[] a = new boolean[in.readInt()];
        for (int i = 0; i < a.length; i++) {
            a[i] = in.readBoolean();
        }
        return a;
    }
}
