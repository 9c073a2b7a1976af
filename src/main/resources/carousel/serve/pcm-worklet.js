// Carousel serve: an AudioWorklet that downsamples the microphone (the AudioContext's rate, e.g. 48 kHz) to the
// model's rate (e.g. 16 kHz) and posts 16-bit PCM chunks of 0.1 s to the page. The low-pass is a Hann-windowed sinc
// (cutoff 0.92 of the lower Nyquist frequency, 12 zero crossings each side), evaluated at each output sample's
// fractional input position: the construction of carousel.speech.audio.Resampler, written again for the browser.
class PcmDownsampler extends AudioWorkletProcessor {
  constructor(options) {
    super();
    this.target = options.processorOptions.targetRate;
    this.ratio = sampleRate / this.target;               // input samples per output sample
    this.fc = 0.46 * Math.min(1, 1 / this.ratio);        // cutoff, cycles per input sample
    this.half = 12 / (2 * this.fc);                      // half width of the filter, input samples
    this.buf = new Float32Array(8192);                   // input samples [start, start + len)
    this.start = 0;
    this.len = 0;
    this.next = 0;                                       // the next output sample's index
    this.chunk = new Int16Array(Math.round(this.target / 10));
    this.fill = 0;
    this.port.onmessage = (e) => { if (e.data === 'flush') this.flush(); };
  }

  flush() {
    if (this.fill > 0) this.port.postMessage(this.chunk.slice(0, this.fill).buffer);
    this.fill = 0;
  }

  weight(d) {                                            // d: distance in input samples
    if (Math.abs(d) >= this.half) return 0;
    const u = 2 * this.fc * d;
    const sinc = u === 0 ? 1 : Math.sin(Math.PI * u) / (Math.PI * u);
    return 2 * this.fc * sinc * (0.5 + 0.5 * Math.cos(Math.PI * d / this.half));
  }

  process(inputs) {
    const ch = inputs[0] && inputs[0][0];
    if (!ch) return true;
    if (this.len + ch.length > this.buf.length) {
      const b = new Float32Array(2 * (this.len + ch.length));
      b.set(this.buf.subarray(0, this.len));
      this.buf = b;
    }
    this.buf.set(ch, this.len);
    this.len += ch.length;
    for (;;) {
      const t = this.next * this.ratio;
      if (t + this.half >= this.start + this.len) break;
      let sum = 0;
      const k0 = Math.max(this.start, Math.ceil(t - this.half)), k1 = Math.floor(t + this.half);
      for (let k = k0; k <= k1; k++) sum += this.weight(t - k) * this.buf[k - this.start];
      this.chunk[this.fill++] = Math.max(-32768, Math.min(32767, Math.round(sum * 32768)));
      if (this.fill === this.chunk.length) this.flush();
      this.next++;
    }
    const keep = Math.max(this.start, Math.floor(this.next * this.ratio - this.half) - 1);
    const drop = keep - this.start;
    if (drop > 0) {
      this.buf.copyWithin(0, drop, this.len);
      this.len -= drop;
      this.start = keep;
    }
    return true;
  }
}
registerProcessor('pcm-downsampler', PcmDownsampler);
