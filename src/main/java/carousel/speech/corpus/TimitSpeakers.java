package carousel.speech.corpus;

import java.util.List;
import java.util.Set;

/**
 * The standard speaker subsets of TIMIT's {@code TEST} directory used in phone recognition work.
 *
 * <p>The <b>core test set</b> (24 speakers: 2 male and 1 female from each of the 8 dialect regions,
 * 192 utterances without SA) is defined in the TIMIT documentation ({@code TESTSET.DOC})
 * and used by K.-F. Lee and H.-W. Hon, "Speaker-independent phone recognition using hidden Markov
 * models", IEEE Trans. ASSP 37(11), 1989, and by most later work. The <b>development set</b> (50 other
 * {@code TEST} speakers, 400 utterances) is the one of A. K. Halberstadt, "Heterogeneous acoustic
 * measurements and multiple classifiers for speech recognition", PhD thesis, MIT, 1998, as listed in
 * Kaldi's TIMIT recipe ({@code egs/timit/s5/conf/test_spk.list} and {@code dev_spk.list}).
 *
 * <p>They only mean something for the real TIMIT corpus; {@link TimitCorpus} applies them only when
 * all 74 speakers are present.
 */
public final class TimitSpeakers {

    /** The 24 core test speakers (upper case, as {@link Utterance#speaker()}). */
    public static final Set<String> CORE_TEST = Set.copyOf(List.of(
            "MDAB0", "MWBT0", "FELC0", "MTAS1", "MWEW0", "FPAS0",
            "MJMP0", "MLNT0", "FPKT0", "MLLL0", "MTLS0", "FJLM0",
            "MBPM0", "MKLT0", "FNLP0", "MCMJ0", "MJDH0", "FMGD0",
            "MGRT0", "MNJM0", "FDHC0", "MJLN0", "MPAM0", "FMLD0"));

    /** The 50 development speakers (upper case), disjoint from {@link #CORE_TEST}. */
    public static final Set<String> DEV = Set.copyOf(List.of(
            "FAKS0", "FDAC1", "FJEM0", "MGWT0", "MJAR0", "MMDB1", "MMDM2", "MPDF0", "FCMH0", "FKMS0",
            "MBDG0", "MBWM0", "MCSH0", "FADG0", "FDMS0", "FEDW0", "MGJF0", "MGLB0", "MRTK0", "MTAA0",
            "MTDT0", "MTHC0", "MWJG0", "FNMR0", "FREW0", "FSEM0", "MBNS0", "MMJR0", "MDLS0", "MDLF0",
            "MDVC0", "MERS0", "FMAH0", "FDRW0", "MRCS0", "MRJM4", "FCAL1", "MMWH0", "FJSJ0", "MAJC0",
            "MJSW0", "MREB0", "FGJD0", "FJMG0", "MROA0", "MTEB0", "MJFC0", "MRJR0", "FMML0", "MRWS1"));

    private TimitSpeakers() {
    }
}
