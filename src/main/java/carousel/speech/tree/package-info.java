/**
 * Context-dependent tied states: phonetic decision trees (S. J. Young, J. J. Odell and P. C.
 * Woodland, "Tree-based state tying for high accuracy acoustic modelling", HLT 1994; as Kaldi's
 * {@code build-tree} and {@code cluster-phones}). {@link carousel.speech.tree.TriphoneStats} accumulates
 * per (left, phone, right, state) the count, sum and sum of squares of the features from frame alignments
 * (a corpus's .PHN times split into 3 states, or a trained model's forced alignment);
 * {@link carousel.speech.tree.Questions} finds phone classes by clustering the phones bottom-up;
 * {@link carousel.speech.tree.TreeBuilder} grows one tree per phone-state by likelihood gain and merges
 * leaves down to the states wanted; {@link carousel.speech.tree.ContextTree} maps every triphone state,
 * seen or not, to its tied state, ties frame targets and reads and writes the text tree file (format in
 * its javadoc and in the README).
 */
package carousel.speech.tree;
