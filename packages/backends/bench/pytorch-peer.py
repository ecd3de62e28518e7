#!/usr/bin/env python3
"""PyTorch peer of bench/train-bench.ts: the @ifa/models `seed` architectures (packages/models/src/cgan and
vae architecture.ts) rebuilt layer for layer, the same losses, one Adam update per objective in the same
order (discriminator then generator; the fake for D computed without gradients, as `fake.detach()`), timed
the same way. Prints one `PEER {json}` line per model.

Needs Debian's python3-torch (bench/pytorch-peer.sh installs it). Run with the system python:
  /usr/bin/python3 bench/pytorch-peer.py --models cgan,cvae,vaegan --batch 32 --steps 3
"""
import argparse
import json
import os
import time

import torch
from torch import nn


def conv(cin, cout, k, s, p, bias=True):
    return nn.Conv2d(cin, cout, k, s, p, bias=bias)


def conv_t(cin, cout, k, s, p, bias=True):
    return nn.ConvTranspose2d(cin, cout, k, s, p, bias=bias)


class Residual(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.bn1, self.conv1 = nn.BatchNorm2d(cin), conv(cin, cout, 3, stride, 1)
        self.bn2, self.conv2 = nn.BatchNorm2d(cout), conv(cout, cout, 3, 1, 1)
        self.skip, self.skip_bn = conv(cin, cout, 3, stride, 1), nn.BatchNorm2d(cout)

    def forward(self, x):
        y = self.conv1(torch.relu(self.bn1(x)))
        y = self.conv2(torch.relu(self.bn2(y)))
        return y + self.skip_bn(self.skip(x))


class CganGenerator(nn.Module):
    def __init__(self, f=(64, 128, 256, 512)):
        super().__init__()
        f0, f1, f2, f3 = f
        self.in_conv1, self.in_bn, self.in_conv2 = conv(1, f0, 3, 1, 1), nn.BatchNorm2d(f0), conv(f0, f0, 3, 1, 1)
        self.in_skip = conv(1, f0, 3, 1, 1)
        self.enc1, self.enc2, self.bridge = Residual(f0, f1, 2), Residual(f1, f2, 2), Residual(f2, f3, 2)
        self.up1, self.dec1 = conv_t(f3, f3, 3, 2, 1), Residual(f3 + f2, f2, 1)
        self.up2, self.dec2 = conv_t(f2, f2, 4, 2, 1), Residual(f2 + f1, f1, 1)
        self.up3, self.dec3 = conv_t(f1, f1, 4, 2, 1), Residual(f1 + f0, f0, 1)
        self.out = conv(f0, 1, 1, 1, 0)

    def forward(self, a):
        x1 = self.in_conv2(torch.relu(self.in_bn(self.in_conv1(a)))) + self.in_skip(a)
        x2 = self.enc1(x1)
        x3 = self.enc2(x2)
        x4 = self.bridge(x3)
        u = self.dec1(torch.cat([self.up1(x4), x3], 1))
        u = self.dec2(torch.cat([self.up2(u), x2], 1))
        u = self.dec3(torch.cat([self.up3(u), x1], 1))
        return self.out(u)


def pair_discriminator(cin, f=64):
    return nn.Sequential(
        conv(cin, f, 2, 2, 1, False), nn.LeakyReLU(0.2),
        conv(f, 2 * f, 2, 2, 1, False), nn.BatchNorm2d(2 * f), nn.ReLU(),
        conv(2 * f, 4 * f, 2, 2, 1, False), nn.BatchNorm2d(4 * f), nn.ReLU(),
        conv(4 * f, 1, 4, 2, 0, False), nn.Flatten(), nn.Sigmoid())


class VaeEncoder(nn.Module):
    """@ifa/models vae/architecture.ts buildVaeEncoder, seed: convs without bias, Linear mu/logvar."""

    def __init__(self, cin, f=64, latent=10):
        super().__init__()
        self.body = nn.Sequential(
            conv(cin, f, 2, 2, 1, False), nn.LeakyReLU(0.2),
            conv(f, 2 * f, 2, 2, 1, False), nn.BatchNorm2d(2 * f), nn.ReLU(),
            conv(2 * f, 4 * f, 2, 2, 1, False), nn.BatchNorm2d(4 * f), nn.ReLU(),
            conv(4 * f, 8 * f, 4, 2, 0, False), nn.Flatten())
        self.mu, self.logvar = nn.Linear(8 * f, latent), nn.Linear(8 * f, latent)

    def forward(self, x):
        h = self.body(x)
        return self.mu(h), self.logvar(h)


def vae_decoder(f=64, latent=10):
    """buildVaeDecoder 'seed-stride3': 1 -> 4 -> 6 -> 10 -> 28, without bias, linear output."""
    return nn.Sequential(
        conv_t(latent, 4 * f, 4, 2, 0, False), nn.LeakyReLU(0.2),
        conv_t(4 * f, 2 * f, 2, 2, 1, False), nn.BatchNorm2d(2 * f), nn.ReLU(),
        conv_t(2 * f, f, 2, 2, 1, False), nn.BatchNorm2d(f), nn.ReLU(),
        conv_t(f, 1, 1, 3, 0, False))


EPS = 1e-7


def bce(p, label):
    q = p.clamp(EPS, 1 - EPS)
    return -(torch.log(q) if label == 1 else torch.log1p(-q)).mean()


def sse(a, b):
    return ((a - b) ** 2).sum()


def kl(mu, logvar):
    return -0.5 * (1 + logvar - mu ** 2 - logvar.exp()).mean()


def vae_forward(encoder, decoder, x):
    mu, logvar = encoder(x)
    z = mu + torch.exp(0.5 * logvar) * torch.randn_like(mu)
    return decoder(z.view(x.shape[0], -1, 1, 1)), kl(mu, logvar)


def make_step(model, batch):
    audio, real = torch.rand(batch, 1, 28, 28), torch.rand(batch, 1, 28, 28)
    if model == 'cvae':
        enc, dec = VaeEncoder(1), vae_decoder()
        opt = torch.optim.Adam([*enc.parameters(), *dec.parameters()], 1e-3)

        def step():
            opt.zero_grad()
            image, k = vae_forward(enc, dec, audio)
            (sse(image, real) + 1e-4 * k).backward()
            opt.step()
        return step

    if model == 'cgan':
        gen = CganGenerator()
        g_params = list(gen.parameters())

        def fake():
            return gen(audio), torch.zeros(())
    else:
        enc, dec = VaeEncoder(101), vae_decoder()
        g_params = [*enc.parameters(), *dec.parameters()]

        def fake():
            image, k = vae_forward(enc, dec, torch.cat([audio, torch.randn(batch, 100, 28, 28)], 1))
            return image, 1e-3 * k
    disc = pair_discriminator(2)
    d_opt = torch.optim.Adam(disc.parameters(), 2e-4, betas=(0.5, 0.999))
    g_opt = torch.optim.Adam(g_params, 2e-4, betas=(0.5, 0.999))

    def d(image):
        return disc(torch.cat([image, audio], 1))

    def step():
        with torch.no_grad():
            detached, _ = fake()
        d_opt.zero_grad()
        (0.5 * (bce(d(real), 1) + bce(d(detached), 0))).backward()
        d_opt.step()
        g_opt.zero_grad()
        image, extra = fake()
        (bce(d(image), 1) + sse(image, real) + extra).backward()
        g_opt.step()
    return step


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--models', default='cgan,cvae,vaegan')
    ap.add_argument('--batch', type=int, default=32)
    ap.add_argument('--steps', type=int, default=3)
    ap.add_argument('--warmup', type=int, default=1)
    ap.add_argument('--threads', type=int, default=os.cpu_count())
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    for model in args.models.split(','):
        step = make_step(model, args.batch)
        for _ in range(args.warmup):
            step()
        start = time.perf_counter()
        for _ in range(args.steps):
            step()
        seconds = time.perf_counter() - start
        print('PEER ' + json.dumps({
            'model': model, 'batch': args.batch, 'steps': args.steps, 'threads': torch.get_num_threads(),
            'torch': torch.__version__, 'secondsPerStep': seconds / args.steps,
            'samplesPerSecond': args.batch * args.steps / seconds}), flush=True)


if __name__ == '__main__':
    main()
