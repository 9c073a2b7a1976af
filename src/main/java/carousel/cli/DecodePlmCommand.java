package carousel.cli;

import carousel.progress.ProgressBar;
import carousel.speech.am.AcousticModel;
import carousel.speech.corpus.Split;
import carousel.speech.dataset.AcousticCorpus;
import carousel.speech.dataset.TargetSet;
import carousel.speech.decode.DecodeResult;
import carousel.speech.decode.DecoderOptions;
import carousel.speech.decode.HmmTopology;
import carousel.speech.decode.PhoneBigram;
import carousel.speech.decode.ViterbiDecoder;
import carousel.speech.plm.BeamOptions;
import carousel.speech.plm.BeamSearchDecoder;
import carousel.speech.plm.PhoneTranscripts;
import carousel.speech.plm.RnnPhoneModel;
import carousel.speech.recognize.PlmRecognition;
import carousel.speech.recognize.Recognizer;
import carousel.speech.score.ErrorCounts;
import carousel.speech.score.Transcripts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/** {@code carousel decode-plm}: phone recognition with an RNN phone model and beam search, beside the bigram Viterbi baseline. */
@Command(name = "decode-plm", mixinStandardHelpOptions = true,
        description = {"Recognises the phones of a TIMIT-layout corpus split twice from the same acoustic scores: (a) Viterbi with the",
                "phone bigram of the phone model's directory (same training sentences), (b) beam search with the RNN phone model",
                "from train-plm (each hypothesis its own history and RNN state). Both use the HMM topology estimated from the TRAIN",
                "alignments. --tune picks the LM weight and insertion penalty of each system on the held-out TRAIN speakers of the",
                "phone model (never on TEST), then decodes --split with them. Prints PER (61 -> 39 folding) and real-time factors.",
                "Example: carousel decode-plm --am runs/lstmp/model --plm runs/plm-lstm --corpus data/demo-corpus --tune"})
public final class DecodePlmCommand implements Callable<Integer> {
    @Option(names = "--am", required = true, description = "Acoustic model directory from train-am (targets phones48 or states).") Path amDir;
    @Option(names = "--plm", required = true, description = "Phone model directory from train-plm.") Path plmDir;
    @Option(names = "--corpus", required = true, description = "TIMIT-layout corpus root.") Path corpus;
    @Option(names = "--split", defaultValue = "test", description = "test, or dev (the phone model's held-out TRAIN speakers) (default ${DEFAULT-VALUE}).") String split;
    @Option(names = "--acoustic-scale", defaultValue = "0.3", description = "Scale of the acoustic log-likelihoods (default ${DEFAULT-VALUE}, as decode).") double acousticScale;
    @Option(names = "--lm-weight", defaultValue = "1.0", description = "LM weight of both systems without --tune (default ${DEFAULT-VALUE}).") double lmWeight;
    @Option(names = "--insertion-penalty", defaultValue = "0.0", description = "Log penalty per phone of both systems without --tune (default ${DEFAULT-VALUE}).") double penalty;
    @Option(names = "--beam", defaultValue = "64", description = "Beam width of (b): hypotheses kept per frame (default ${DEFAULT-VALUE}).") int beamWidth;
    @Option(names = "--score-beam", defaultValue = "16", description = "Log-score beam of both searches (default ${DEFAULT-VALUE}).") double scoreBeam;
    @Option(names = "--tune", description = "Grid-search LM weight and insertion penalty on the held-out TRAIN speakers first.") boolean tune;
    @Option(names = "--lm-weights", split = ",", defaultValue = "0.5,1,1.5,2,3", description = "LM weights tried by --tune (default ${DEFAULT-VALUE}).") List<Double> lmWeights;
    @Option(names = "--penalties", split = ",", defaultValue = "-2,-1,0,1,2", description = "Insertion penalties tried by --tune (default ${DEFAULT-VALUE}).") List<Double> penalties;
    @Option(names = "--out", description = "Directory for hyp-bigram.txt, hyp-plm.txt and score.txt.") Path out;
    @Option(names = "--jobs", defaultValue = "0", description = "Threads for features (default all cores).") int jobs;

    private record Setting(double lmWeight, double penalty) {}

    @Override
    public Integer call() throws Exception {
        if (!(acousticScale > 0)) throw new IllegalArgumentException("--acoustic-scale must be positive");
        boolean onDev = switch (split.toLowerCase(Locale.ROOT)) {
            case "test" -> false;
            case "dev" -> true;
            default -> throw new IllegalArgumentException("--split must be test or dev, got '" + split + "'");
        };
        AcousticModel am = AcousticModel.load(amDir);
        TargetSet targets = am.config().targets();
        RnnPhoneModel plm = RnnPhoneModel.load(plmDir);
        if (!plm.phones().equals(targets.phones))
            throw new IllegalArgumentException(amDir + " predicts " + targets.configName() + " (" + targets.phones.name() + ") but the phone model is over " + plm.phones().name() + ": train the acoustic model with --targets phones48 or states");
        Path bigramFile = plmDir.resolve("phone-bigram.arpa");
        PhoneBigram bigram = PhoneBigram.load(bigramFile, targets.phones);
        // features only where decoded (TEST, or the held-out TRAIN speakers for --tune and --split dev); TRAIN's frame targets give the HMM topology
        AcousticCorpus data = AcousticCorpus.load(corpus, am.config().features().featuresOnly(), targets,
                tune || onDev ? AcousticCorpus.Part.FEATURES : AcousticCorpus.Part.TARGETS, onDev ? AcousticCorpus.Part.NONE : AcousticCorpus.Part.FEATURES,
                jobs > 0 ? jobs : Runtime.getRuntime().availableProcessors(), System.err);
        List<AcousticCorpus.Utt> train = data.split(Split.TRAIN);
        if (train.isEmpty()) throw new IllegalArgumentException(corpus + ": no TRAIN utterances to estimate the HMM topology from");
        HmmTopology topology = Recognizer.topology(targets, train);
        Set<String> dev = devSpeakers(train);
        List<AcousticCorpus.Utt> devUtts = train.stream().filter(u -> dev.contains(u.speaker())).toList();
        List<AcousticCorpus.Utt> utts = onDev ? devUtts : data.split(Split.TEST);
        if (utts.isEmpty()) throw new IllegalArgumentException(corpus + ": no " + split + " utterances");
        double shift = am.config().features().computer().frameOptions().frameShiftMs() / 1000.0;
        String plmName = RnnPhoneModel.trainingInfo(plmDir).getOrDefault("cell", "rnn") + " phone model";
        StringBuilder sb = new StringBuilder();

        Setting bigramSetting = new Setting(lmWeight, penalty), plmSetting = new Setting(lmWeight, penalty);
        if (tune) {
            if (devUtts.isEmpty()) throw new IllegalArgumentException("--tune: no utterances of the held-out speakers " + dev);
            List<PlmRecognition.Prepared> devPrepared = PlmRecognition.prepare(am, devUtts, acousticScale, shift);
            sb.append(String.format(Locale.ROOT, "tuning on held-out TRAIN speakers %s (%d utterances), PER %%:%n", dev, devUtts.size()));
            sb.append(String.format(Locale.ROOT, "%-10s %-10s %10s %10s%n", "lm-weight", "penalty", "bigram", "plm"));
            double bestB = Double.POSITIVE_INFINITY, bestP = Double.POSITIVE_INFINITY;
            for (double w : lmWeights)
                for (double p : penalties) {
                    double perB = PlmRecognition.run(devPrepared, viterbi(topology, bigram, w, p)::decode, targets.phones).per();
                    double perP = PlmRecognition.run(devPrepared, beam(topology, plm, w, p)::decode, targets.phones).per();
                    sb.append(String.format(Locale.ROOT, "%-10.2f %-10.2f %10.2f %10.2f%n", w, p, 100 * perB, 100 * perP));
                    if (perB < bestB) { bestB = perB; bigramSetting = new Setting(w, p); }
                    if (perP < bestP) { bestP = perP; plmSetting = new Setting(w, p); }
                }
            sb.append(String.format(Locale.ROOT, "chosen: bigram lm-weight %.2f penalty %.2f (dev PER %.2f%%); plm lm-weight %.2f penalty %.2f (dev PER %.2f%%)%n%n",
                    bigramSetting.lmWeight(), bigramSetting.penalty(), 100 * bestB, plmSetting.lmWeight(), plmSetting.penalty(), 100 * bestP));
            System.out.print(sb);
            sb.setLength(0);
        }

        List<PlmRecognition.Prepared> prepared = PlmRecognition.prepare(am, utts, acousticScale, shift);
        PlmRecognition.Outcome a = PlmRecognition.run(prepared, viterbi(topology, bigram, bigramSetting.lmWeight(), bigramSetting.penalty())::decode, targets.phones);
        BeamSearchDecoder beam = beam(topology, plm, plmSetting.lmWeight(), plmSetting.penalty());
        PlmRecognition.Outcome b;
        try (ProgressBar bar = ProgressBar.start(System.err, "phone-model search", prepared.size(), "utterances")) {
            b = PlmRecognition.run(prepared, beam::decode, targets.phones, bar);
        }
        double amRtf = a.amSeconds() / a.audioSeconds();
        sb.append(String.format(Locale.ROOT, "%s: %d utterances, %.1f s of audio; acoustic model %s (%s), acoustic scale %.2f, real-time factor %.4f%n",
                onDev ? "dev" : "TEST", utts.size(), a.audioSeconds(), amDir, targets.configName(), acousticScale, amRtf));
        sb.append(String.format(Locale.ROOT, "%-34s %9s %8s %8s %6s %6s %6s %10s %10s%n", "system", "lm-weight", "penalty", "PER%", "sub", "del", "ins", "search RTF", "total RTF"));
        row(sb, "(a) bigram Viterbi (beam " + fmt(scoreBeam) + ")", bigramSetting, a);
        row(sb, "(b) " + plmName + ", beam " + beamWidth, plmSetting, b);
        double diff = 100 * (a.per() - b.per());
        sb.append(String.format(Locale.ROOT, "(b) - (a): %+.2f PER points (%s)%n", -diff, diff > 0 ? "the phone model is better" : diff < 0 ? "the bigram is better" : "equal"));
        System.out.print(sb);
        if (out != null) {
            Files.createDirectories(out);
            Transcripts.write(out.resolve("hyp-bigram.txt"), symbols(a.decoded(), targets));
            Transcripts.write(out.resolve("hyp-plm.txt"), symbols(b.decoded(), targets));
            Files.writeString(out.resolve("score.txt"), sb.toString());
            System.out.println("wrote " + out.resolve("hyp-bigram.txt") + ", hyp-plm.txt, score.txt");
        }
        return 0;
    }

    private Set<String> devSpeakers(List<AcousticCorpus.Utt> train) throws java.io.IOException {
        Object listed = RnnPhoneModel.trainingInfo(plmDir).get("dev_speakers");
        if (listed instanceof List<?> l && !l.isEmpty()) {
            Set<String> s = new TreeSet<>();
            for (Object o : l) s.add(String.valueOf(o));
            return s;
        }
        return PhoneTranscripts.devSpeakers(train.stream().map(AcousticCorpus.Utt::speaker).toList(), 2);
    }

    private ViterbiDecoder viterbi(HmmTopology topology, PhoneBigram bigram, double w, double p) {
        return new ViterbiDecoder(topology, bigram, new DecoderOptions(w, p, scoreBeam));
    }

    private BeamSearchDecoder beam(HmmTopology topology, RnnPhoneModel plm, double w, double p) {
        return new BeamSearchDecoder(topology, plm, new BeamOptions(w, p, beamWidth, scoreBeam));
    }

    private static void row(StringBuilder sb, String name, Setting s, PlmRecognition.Outcome o) {
        ErrorCounts c = o.report().overall();
        sb.append(String.format(Locale.ROOT, "%-34s %9.2f %8.2f %8.2f %6d %6d %6d %10.4f %10.4f%n", name, s.lmWeight(), s.penalty(),
                100 * o.per(), c.substitutions(), c.deletions(), c.insertions(), o.searchRealTimeFactor(), o.realTimeFactor()));
    }

    private static String fmt(double x) {
        return x == Math.rint(x) ? Long.toString((long) x) : Double.toString(x);
    }

    private static Map<String, List<String>> symbols(Map<String, DecodeResult> decoded, TargetSet targets) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (Map.Entry<String, DecodeResult> e : decoded.entrySet()) m.put(e.getKey(), new ArrayList<>(e.getValue().symbols(targets.phones)));
        return m;
    }
}
