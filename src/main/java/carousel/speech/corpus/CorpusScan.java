package carousel.speech.corpus;

import java.util.List;

/**
 * The result of checking every utterance of a corpus: those that can be used, and what was wrong with
 * the others (one problem per utterance, plus layout problems). A command prints {@link #summary()}.
 *
 * @param good      utterances whose audio header and alignment passed, in corpus order
 * @param problems  what was wrong, in corpus order
 * @param attempted how many utterances were looked at: the enumerated ones plus the incomplete ones
 *                  (e.g. a {@code .WAV} without {@code .PHN}) reported as problems
 */
public record CorpusScan(List<ScannedUtterance> good, List<CorpusProblem> problems, int attempted) {

    public CorpusScan {
        good = List.copyOf(good);
        problems = List.copyOf(problems);
        if (attempted < good.size()) {
            throw new IllegalArgumentException("attempted (" + attempted + ") < good (" + good.size() + ")");
        }
    }

    /** {@code done N of M utterances} and, if any, the number of problems. */
    public String summary() {
        String s = "done " + good.size() + " of " + attempted + " utterances";
        return problems.isEmpty() ? s : s + " (" + problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + ")";
    }

    /** The good utterances of one split. */
    public List<ScannedUtterance> good(Split split) {
        return good.stream().filter(u -> u.utterance().split() == split).toList();
    }
}
