package carousel.speech.audio;

/** The file formats {@link AudioReader} reads, recognised by their magic bytes. */
public enum AudioContainer {
    /** RIFF WAVE ("RIFF" ... "WAVE"), Microsoft's format, including WAVE_FORMAT_EXTENSIBLE. */
    WAV,
    /** NIST SPHERE ("NIST_1A"), the format of TIMIT, WSJ and other LDC corpora. */
    SPHERE
}
