package carousel.speech.audio;

import java.nio.ByteOrder;

/**
 * Where the samples of a parsed audio file lie: {@code info.numSamplesPerChannel()} frames of
 * {@code frameBytes} bytes each (one sample per channel, interleaved) from {@code dataOffset}, in
 * {@code byteOrder}. The parsers guarantee that all of them lie inside the file.
 */
record DataLayout(AudioInfo info, long dataOffset, int frameBytes, ByteOrder byteOrder) {
}
