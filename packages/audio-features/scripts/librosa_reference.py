#!/usr/bin/env python3
"""Reference implementation of librosa 0.10's mel pipeline in numpy/scipy, and the fixtures built from it.

librosa itself is not installable on these machines, so this follows its documented algorithm and
source (librosa 0.10.x: filters.mel, core.spectrum.stft, feature.melspectrogram, power_to_db), keeping
librosa's dtypes (float32 signal, complex64 STFT, float32 mel basis):

  * window: scipy.signal.get_window(window, win_length, fftbins=True) (periodic), centred in n_fft;
  * center=True pads n_fft // 2 on both sides with np.pad(mode=pad_mode), 'constant' by default;
  * n_frames = 1 + (len(padded) - n_fft) // hop_length, hop_length defaulting to win_length // 4;
  * S = |rfft(window * frame)| ** power, mel = mel_basis @ S;
  * mel_basis: Slaney (Auditory Toolbox) or HTK mel scale, triangles between mel_frequencies(n_mels + 2),
    'slaney' area normalisation 2 / (f[i+2] - f[i]);
  * power_to_db: 10 log10(max(amin, S)) - 10 log10(max(amin, ref)), optional clip at max - top_db.

It never imports the TypeScript code: fixtures are independent of the code under test.

Usage:
  python3 librosa_reference.py generate   # rewrites src/__fixtures__/librosa/
  python3 librosa_reference.py bench MIN_WALL_SECONDS [GENERAL_ENCODER_JSON]  # JSON timings (`npm run bench`)
"""

import json
import os
import sys
import time

import numpy as np
import scipy.io.wavfile
import scipy.signal

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, '..', 'src', '__fixtures__')
OUT = os.path.join(FIXTURES, 'librosa')


# --- librosa.core.convert -------------------------------------------------------------------------
def hz_to_mel(frequencies, htk=False):
    frequencies = np.asanyarray(frequencies, dtype=np.float64)
    if htk:
        return 2595.0 * np.log10(1.0 + frequencies / 700.0)
    f_min, f_sp = 0.0, 200.0 / 3
    mels = (frequencies - f_min) / f_sp
    min_log_hz = 1000.0
    min_log_mel = (min_log_hz - f_min) / f_sp
    logstep = np.log(6.4) / 27.0
    log_t = frequencies >= min_log_hz
    mels = np.where(log_t, min_log_mel + np.log(np.maximum(frequencies, 1e-300) / min_log_hz) / logstep, mels)
    return mels


def mel_to_hz(mels, htk=False):
    mels = np.asanyarray(mels, dtype=np.float64)
    if htk:
        return 700.0 * (10.0 ** (mels / 2595.0) - 1.0)
    f_min, f_sp = 0.0, 200.0 / 3
    freqs = f_min + f_sp * mels
    min_log_hz = 1000.0
    min_log_mel = (min_log_hz - f_min) / f_sp
    logstep = np.log(6.4) / 27.0
    return np.where(mels >= min_log_mel, min_log_hz * np.exp(logstep * (mels - min_log_mel)), freqs)


def mel_frequencies(n_mels, fmin, fmax, htk):
    return mel_to_hz(np.linspace(hz_to_mel(fmin, htk=htk), hz_to_mel(fmax, htk=htk), n_mels), htk=htk)


# --- librosa.filters.mel ----------------------------------------------------------------------------
def mel_filter_bank(sr, n_fft, n_mels, fmin=0.0, fmax=None, htk=False, norm='slaney'):
    if fmax is None:
        fmax = float(sr) / 2
    weights = np.zeros((n_mels, 1 + n_fft // 2), dtype=np.float32)
    fftfreqs = np.fft.rfftfreq(n=n_fft, d=1.0 / sr)
    mel_f = mel_frequencies(n_mels + 2, fmin, fmax, htk)
    fdiff = np.diff(mel_f)
    ramps = np.subtract.outer(mel_f, fftfreqs)
    for i in range(n_mels):
        lower = -ramps[i] / fdiff[i]
        upper = ramps[i + 2] / fdiff[i + 1]
        weights[i] = np.maximum(0, np.minimum(lower, upper))
    if norm == 'slaney':
        enorm = 2.0 / (mel_f[2 : n_mels + 2] - mel_f[:n_mels])
        weights *= enorm[:, np.newaxis]
    elif norm is not None:
        raise ValueError('only slaney or None')
    return weights


# --- librosa.stft / feature.melspectrogram / power_to_db --------------------------------------------
def stft_power(y, n_fft, hop_length, win_length, window, center, pad_mode, power):
    y = np.asarray(y, dtype=np.float32)
    win = scipy.signal.get_window(window, win_length, fftbins=True)
    lpad = (n_fft - win_length) // 2
    fft_window = np.pad(win, (lpad, n_fft - win_length - lpad))
    if center:
        y = np.pad(y, (n_fft // 2, n_fft // 2), mode=pad_mode)
    n_frames = 1 + (len(y) - n_fft) // hop_length
    frames = np.lib.stride_tricks.as_strided(
        y, shape=(n_fft, n_frames), strides=(y.strides[0], y.strides[0] * hop_length)
    )
    spec = np.fft.rfft(fft_window[:, None] * frames, axis=0).astype(np.complex64)
    return np.abs(spec) ** power


def melspectrogram(y, sr, n_fft=2048, hop_length=None, win_length=None, window='hann', center=True,
                   pad_mode='constant', power=2.0, n_mels=128, fmin=0.0, fmax=None, htk=False, norm='slaney',
                   mel_basis=None):
    """`mel_basis`: a filter bank built once by the caller (the bench's best case for numpy); by default
    it is built per call, as librosa does."""
    win_length = n_fft if win_length is None else win_length
    hop_length = win_length // 4 if hop_length is None else hop_length
    S = stft_power(y, n_fft, hop_length, win_length, window, center, pad_mode, power)
    if mel_basis is None:
        mel_basis = mel_filter_bank(sr, n_fft, n_mels, fmin, fmax, htk, norm)
    return np.einsum('...ft,mf->...mt', S, mel_basis, optimize=True)


def power_to_db(S, ref=1.0, amin=1e-10, top_db=80.0):
    S = np.asarray(S)
    ref_value = np.max(S) if ref == 'max' else np.abs(ref)
    log_spec = 10.0 * np.log10(np.maximum(amin, S))
    log_spec -= 10.0 * np.log10(np.maximum(amin, ref_value))
    if top_db is not None:
        log_spec = np.maximum(log_spec, log_spec.max() - top_db)
    return log_spec


# --- the SpectrogramEncoder pipeline, as documented in the package README ---------------------------
def encode_image(y, c, mel_basis=None):
    mel = melspectrogram(y, c['sampleRate'], n_fft=c['nFft'], hop_length=c['hopLength'],
                         win_length=c['winLength'], window=c['window'], center=c['center'],
                         pad_mode=c['padMode'], power=c['power'], n_mels=c['nMels'], fmin=c['fMin'],
                         fmax=c['fMax'], htk=c['htk'], norm=c['norm'],
                         mel_basis=mel_basis).astype(np.float64)
    n_frames = mel.shape[1]
    first, last = 0, n_frames
    if c['trimTopDb'] is not None:
        energy = mel.sum(axis=0)
        peak = energy.max()
        if peak > 0:
            keep = np.nonzero(energy >= peak * 10 ** (-c['trimTopDb'] / 10))[0]
            first, last = keep[0], keep[-1] + 1
    width = c['nFrames']
    count = last - first
    part = mel[:, first:last]
    if c['fit'] == 'stretch':
        # Area average: column j is the mean of the piecewise-constant frame powers over [j, j+1) * span.
        edges = np.arange(width + 1) * (count / width)
        cumulative = np.concatenate([[0.0], np.arange(1, count + 1)])
        integral = np.concatenate([np.zeros((mel.shape[0], 1)), np.cumsum(part, axis=1)], axis=1)
        at_edges = np.stack([np.interp(edges, cumulative, row) for row in integral])
        fitted = np.diff(at_edges, axis=1) / (count / width)
    else:
        fitted = np.zeros((mel.shape[0], width))
        source = first + (count - width) // 2 if count > width else first
        target = (width - count) // 2 if count < width else 0
        copied = min(count, width)
        fitted[:, target : target + copied] = mel[:, source : source + copied]
    if fitted.max() <= c['amin']:
        return np.zeros_like(fitted)
    db = power_to_db(fitted, ref='max', amin=c['amin'], top_db=c['topDb'])
    return np.clip((db + c['topDb']) / c['topDb'], 0, 1)[::-1]


DEFAULT_ENCODER = {
    'sampleRate': 8000, 'nMels': 28, 'nFrames': 28, 'nFft': 256, 'hopLength': 64, 'winLength': 256,
    'window': 'hann', 'center': True, 'padMode': 'constant', 'power': 2, 'fMin': 0, 'fMax': 4000,
    'htk': False, 'norm': 'slaney', 'fit': 'stretch', 'trimTopDb': 40, 'topDb': 80, 'amin': 1e-10,
}


# --- fixtures ---------------------------------------------------------------------------------------
def read_wav(path):
    sr, data = scipy.io.wavfile.read(path)
    if data.dtype == np.int16:
        data = data.astype(np.float32) / 32768.0
    return sr, data.astype(np.float32)


def synthetic_signals():
    rng = np.random.default_rng(20260101)
    out = []
    sr = 16000
    t = np.arange(int(0.5 * sr)) / sr
    chirp = scipy.signal.chirp(t, f0=100, t1=t[-1], f1=7000, method='logarithmic')
    out.append(('chirp_noise_16k', sr, (0.4 * chirp + 0.05 * rng.standard_normal(len(t))).astype(np.float32)))
    sr = 22050
    t = np.arange(int(0.3 * sr)) / sr
    tones = 0.3 * np.sin(2 * np.pi * 440 * t) + 0.2 * np.sin(2 * np.pi * 3000 * t) * (t > 0.1)
    out.append(('tones_clicks_22k', sr, (tones + 0.5 * (np.arange(len(t)) % 2000 == 0)).astype(np.float32)))
    sr = 8000
    t = np.arange(int(0.25 * sr)) / sr
    burst = np.sin(2 * np.pi * 250 * t) * np.exp(-8 * t) + 0.01 * rng.standard_normal(len(t))
    out.append(('decay_8k', sr, (0.8 * burst).astype(np.float32)))
    return out


# (name, signals it applies to, options in the TypeScript camelCase form)
SETTINGS = [
    ('encoder_front_end', ['fsdd'], dict(nFft=256, hopLength=64, nMels=28, htk=False)),
    ('htk_512', ['fsdd', 'decay_8k'], dict(nFft=512, hopLength=128, nMels=40, htk=True)),
    ('librosa_defaults', ['fsdd:0_george_0', 'decay_8k'], dict()),
    ('speech_16k', ['chirp_noise_16k'], dict(nFft=512, hopLength=160, nMels=64, fMin=20, fMax=7600)),
    ('reflect_htk_nonorm', ['tones_clicks_22k', 'fsdd:7_jackson_32'],
     dict(nFft=1024, hopLength=256, nMels=80, htk=True, norm=None, padMode='reflect')),
    ('magnitude_short_window_no_center', ['chirp_noise_16k', 'fsdd:9_yweweler_3'],
     dict(nFft=512, winLength=400, hopLength=100, nMels=32, power=1.0, center=False)),
]

FILTER_BANKS = [
    dict(sampleRate=8000, nFft=256, nMels=28),
    dict(sampleRate=22050, nFft=512, nMels=128),  # more bands than bins at the bottom: empty filters
    dict(sampleRate=16000, nFft=512, nMels=64, fMin=20, fMax=7600, htk=True),
    dict(sampleRate=44100, nFft=1024, nMels=40, fMin=300, fMax=8000, norm=None),
    dict(sampleRate=16000, nFft=400, nMels=80, htk=True, norm=None),
]


def snake(options):
    keys = {'nFft': 'n_fft', 'hopLength': 'hop_length', 'winLength': 'win_length', 'nMels': 'n_mels',
            'fMin': 'fmin', 'fMax': 'fmax', 'padMode': 'pad_mode'}
    return {keys.get(k, k): v for k, v in options.items()}


def write_f32(name, array):
    path = os.path.join(OUT, name)
    np.ascontiguousarray(array, dtype='<f4').tofile(path)
    return name


def generate():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        os.remove(os.path.join(OUT, f))
    signals = {}
    fsdd_dir = os.path.join(FIXTURES, 'fsdd')
    for f in sorted(os.listdir(fsdd_dir)):
        if f.endswith('.wav'):
            sr, y = read_wav(os.path.join(fsdd_dir, f))
            signals['fsdd:' + f[:-4]] = ('fsdd/' + f, sr, y)
    for name, sr, y in synthetic_signals():
        scipy.io.wavfile.write(os.path.join(OUT, name + '.wav'), sr, y)  # IEEE float32 WAV
        signals[name] = ('librosa/' + name + '.wav', sr, y)

    manifest = {'generator': 'scripts/librosa_reference.py', 'melSpectrograms': [], 'filterBanks': [],
                'encoderImages': []}
    for setting, targets, options in SETTINGS:
        names = [n for n in signals if any(n == t or (t == 'fsdd' and n.startswith('fsdd:')) for t in targets)]
        for name in names:
            wav, sr, y = signals[name]
            mel = melspectrogram(y, sr, **snake(options))
            db = power_to_db(mel, ref=1.0, amin=1e-10, top_db=None)
            stem = f'{setting}__{name.replace(":", "_")}'
            manifest['melSpectrograms'].append({
                'setting': setting, 'wav': wav, 'sampleRate': int(sr), 'options': options,
                'nMels': int(mel.shape[0]), 'nFrames': int(mel.shape[1]),
                'db': write_f32(stem + '.db.f32', db),
            })
    for options in FILTER_BANKS:
        bank = mel_filter_bank(options['sampleRate'], options['nFft'], options['nMels'], options.get('fMin', 0.0),
                               options.get('fMax'), options.get('htk', False), options.get('norm', 'slaney'))
        stem = 'filters_{sampleRate}_{nFft}_{nMels}'.format(**options)
        manifest['filterBanks'].append({'options': options, 'weights': write_f32(stem + '.f32', bank)})
    for name in ['fsdd:0_george_0', 'fsdd:5_nicolas_12', 'decay_8k']:
        for fit in ['stretch', 'pad']:
            wav, sr, y = signals[name]
            config = dict(DEFAULT_ENCODER, fit=fit)
            image = encode_image(y, config)
            stem = f'encoder_{fit}__{name.replace(":", "_")}'
            manifest['encoderImages'].append({'wav': wav, 'config': {'fit': fit},
                                              'image': write_f32(stem + '.f32', image)})
    with open(os.path.join(OUT, 'manifest.json'), 'w') as fh:
        json.dump(manifest, fh, indent=1)
        fh.write('\n')


def _measure(audio_seconds_per_call, work, min_wall_seconds):
    for _ in range(5):
        work()  # warm-up
    calls = 0
    start = time.perf_counter()
    cpu_start = time.process_time()
    while time.perf_counter() - start < min_wall_seconds:
        for _ in range(5):
            work()
        calls += 5
    return {'audioSeconds': calls * audio_seconds_per_call, 'wallSeconds': time.perf_counter() - start,
            'cpuSeconds': time.process_time() - cpu_start}


def bench(min_wall_seconds, general_encoder=None):
    """Times the same work as bench/bench.mjs, each for at least `min_wall_seconds`: a 16 kHz / nFft 512 /
    64-mel power_to_db spectrogram of 1 s clips, the default encoder on 0.42 s clips at 8 kHz (FSDD's
    median length) and, when bench.mjs passes its config (GENERAL_SOUND_ENCODER_CONFIG as JSON), the
    general-sound encoder on one window's worth of samples."""
    rng = np.random.default_rng(1)
    clip = rng.standard_normal(16000).astype(np.float32) * 0.1
    digit = (rng.standard_normal(3360) * 0.1).astype(np.float32)
    basis = mel_filter_bank(16000, 512, 64)

    def mel_like_librosa():
        power_to_db(melspectrogram(clip, 16000, n_fft=512, hop_length=128, n_mels=64), ref='max')

    def mel_cached_basis():
        # Best case for numpy: the filter bank built once (librosa rebuilds it per call unless its joblib
        # cache is switched on), strided framing, one batched rfft and one matrix product.
        power_to_db(basis @ stft_power(clip, 512, 128, 512, 'hann', True, 'constant', 2.0), ref='max')

    results = {
        'default_encoder': _measure(0.42, lambda: encode_image(digit, DEFAULT_ENCODER), min_wall_seconds),
        'mel_16k_512_64': _measure(1.0, mel_like_librosa, min_wall_seconds),
        'mel_16k_512_64_cached_basis': _measure(1.0, mel_cached_basis, min_wall_seconds),
    }
    if general_encoder is not None:
        c = general_encoder
        window = (rng.standard_normal(c['nFrames'] * c['hopLength']) * 0.1).astype(np.float32)
        seconds = len(window) / c['sampleRate']
        general_basis = mel_filter_bank(c['sampleRate'], c['nFft'], c['nMels'], c['fMin'], c['fMax'], c['htk'],
                                        c['norm'])
        results['general_encoder'] = _measure(seconds, lambda: encode_image(window, c), min_wall_seconds)
        results['general_encoder_cached_basis'] = _measure(
            seconds, lambda: encode_image(window, c, general_basis), min_wall_seconds)
    print(json.dumps(results))


if __name__ == '__main__':
    if len(sys.argv) >= 2 and sys.argv[1] == 'generate':
        generate()
    elif len(sys.argv) >= 2 and sys.argv[1] == 'bench':
        bench(float(sys.argv[2]) if len(sys.argv) > 2 else 2.0,
              json.loads(sys.argv[3]) if len(sys.argv) > 3 else None)
    else:
        print(__doc__)
        sys.exit(2)
