package carousel.cli;

import carousel.speech.tree.ContextTree;
import carousel.speech.tree.Triphone;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code carousel tree map}: the tied states of triphones. */
@Command(name = "map", mixinStandardHelpOptions = true,
        description = {"Prints the tied state of each HMM state of each triphone LEFT-PHONE+RIGHT ('#' the utterance boundary),",
                "seen in training or not (unseen ones walk the tree like any other).",
                "Example: carousel tree map --tree runs/tree.txt sil-ae+t '#-sil+dh'"})
public final class TreeMapCommand implements Callable<Integer> {
    @Option(names = "--tree", required = true, description = "The tree file.") Path file;
    @Parameters(paramLabel = "TRIPHONE", arity = "1..*", description = "Triphones LEFT-PHONE+RIGHT.") List<String> triphones;

    @Override
    public Integer call() throws Exception {
        ContextTree tree = ContextTree.read(file);
        for (String s : triphones) {
            Triphone t = Triphone.parse(s, tree.phones());
            StringBuilder sb = new StringBuilder(t.name(tree.phones()));
            for (int k = 0; k < tree.statesPerPhone(); k++) sb.append(' ').append(tree.map(new Triphone(t.left(), t.phone(), t.right(), k)));
            System.out.println(sb);
        }
        return 0;
    }
}
