package vn.election.model.json;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Near-miss JSON texts for the decoders' property tests: valid texts with a character or two changed or removed. */
public final class JsonMutations {

    /** Characters a mutation puts in: digits, JSON punctuation, the letters of literals, an escape, a control, a letter beyond ASCII. */
    public static final String POOL = "0123456789\"{}[],:.-+ ntrufalsexyz\\\u0001é";

    private JsonMutations() {
    }

    /** {@code count} texts, each one of {@code bases} with up to {@code maxEdits} characters replaced or deleted. */
    public static List<String> of(List<String> bases, int count, int maxEdits, long seed) {
        Random random = new Random(seed);
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            StringBuilder b = new StringBuilder(bases.get(random.nextInt(bases.size())));
            for (int k = 1 + random.nextInt(maxEdits); k > 0 && b.length() > 0; k--) {
                int at = random.nextInt(b.length());
                if (random.nextBoolean()) {
                    b.setCharAt(at, POOL.charAt(random.nextInt(POOL.length())));
                } else {
                    b.deleteCharAt(at);
                }
            }
            out.add(b.toString());
        }
        return out;
    }
}
