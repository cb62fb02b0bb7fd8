"""The LM domain's LanguageModel in PyTorch, for `hybridssm-lm bench train|generate --torch`.

The same models as packages/lm/src/models/language-model.ts (built there from @hybridssm/core) for
any LmConfig, written in plain torch ops: token embedding -> residual pre-norm blocks from a layer
pattern (M Mamba-2, m Mamba, * causal multi-head attention with optional RoPE, - GELU MLP) -> final
RMSNorm -> output head, untied (`lm_head`) or tied to the embedding. Parameter names, shapes and
initialisation follow core's layers (PyTorch defaults for Linear and Conv1d, N(0, 0.02) embedding,
Mamba's and Mamba-2's A_log / D / dt init), so both sides count the same parameters and a state dict
of ours loads here (the `check` spec's `weights`).

Mamba-2 trains and prefills with the SSD chunked algorithm (Dao & Gu 2024, "ssd_minimal"); Mamba
(Gu & Dao 2023) with a sequential selective scan over time; both generate with the recurrent step.
Attention keeps a preallocated KV cache and rotates queries and keys as core's applyRope does.

Usage: /usr/bin/python3.11 lm_bench.py '<spec JSON>'   (the spec: packages/lm/src/bench/protocol.ts)
The script builds the model, prints one JSON line, then answers each JSON command line on stdin
({"cmd": "warmup" | "measure" | "prefill" | "profile" | "end"}) with one JSON line on stdout.
"""

import json
import math
import resource
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

SSD_CHUNK = 64
LEARNING_RATE = 1e-3


class RMSNorm(nn.Module):
    def __init__(self, dim, eps=1e-5):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(dim))

    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight


class GatedRMSNorm(nn.Module):
    """Mamba-2's RMSNormGated (norm_before_gate=False): RMSNorm(x * silu(z)) within groups of channels."""

    def __init__(self, dim, group_size, eps=1e-5):
        super().__init__()
        self.group_size = group_size
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(dim))

    def forward(self, x, z):
        x = x * F.silu(z)
        groups = x.reshape(*x.shape[:-1], -1, self.group_size)
        groups = groups * torch.rsqrt(groups.pow(2).mean(-1, keepdim=True) + self.eps)
        return groups.reshape(x.shape) * self.weight


class Mlp(nn.Module):
    def __init__(self, d_model, hidden):
        super().__init__()
        self.fc1 = nn.Linear(d_model, hidden, bias=False)
        self.fc2 = nn.Linear(hidden, d_model, bias=False)

    def forward(self, x):
        return self.fc2(F.gelu(self.fc1(x)))


def apply_rope(x, offset, base):
    """Rotary embedding in core's rotate-half layout (packages/core/src/layers/rope.ts): x [b,h,l,d] at
    positions offset..offset+l-1, x cos(theta) + rotate_half(x) sin(theta), theta_{p,i} = p base^(-2i/d)."""
    l, d = x.shape[2], x.shape[3]
    half = d // 2
    inv = base ** (-2.0 * torch.arange(half, dtype=torch.float64) / d)
    theta = (torch.arange(offset, offset + l, dtype=torch.float64)[:, None] * inv[None, :]).float()  # as core: angles in float64, then float32
    theta = torch.cat([theta, theta], dim=-1)  # [l,d]
    rotated = torch.cat([-x[..., half:], x[..., :half]], dim=-1)
    return x * torch.cos(theta) + rotated * torch.sin(theta)


class Attention(nn.Module):
    """Causal multi-head self-attention (optional RoPE) with a preallocated KV cache for generation."""

    def __init__(self, d_model, n_head, rope_base=None):
        super().__init__()
        self.n_head = n_head
        self.head_dim = d_model // n_head
        self.rope_base = rope_base
        self.q_proj = nn.Linear(d_model, d_model, bias=False)
        self.k_proj = nn.Linear(d_model, d_model, bias=False)
        self.v_proj = nn.Linear(d_model, d_model, bias=False)
        self.out_proj = nn.Linear(d_model, d_model, bias=False)

    def heads(self, t):  # [b,l,d] -> [b,h,l,hd]
        b, l, _ = t.shape
        return t.view(b, l, self.n_head, self.head_dim).transpose(1, 2)

    def rope(self, t, offset):
        return t if self.rope_base is None else apply_rope(t, offset, self.rope_base)

    def attend(self, q, k, v, mask):
        scores = (q @ k.transpose(-2, -1)) / math.sqrt(self.head_dim)
        if mask is not None:
            scores = scores.masked_fill(mask, float("-inf"))
        y = torch.softmax(scores, dim=-1) @ v  # [b,h,l,hd]
        b, _, l, _ = y.shape
        return self.out_proj(y.transpose(1, 2).reshape(b, l, -1))

    def forward(self, x):
        l = x.shape[1]
        mask = torch.ones(l, l, dtype=torch.bool).triu(1)
        q, k = self.rope(self.heads(self.q_proj(x)), 0), self.rope(self.heads(self.k_proj(x)), 0)
        return self.attend(q, k, self.heads(self.v_proj(x)), mask)

    def init_cache(self, batch, max_len):
        shape = (batch, self.n_head, max_len, self.head_dim)
        return {"k": torch.zeros(shape), "v": torch.zeros(shape), "len": 0}

    def chunk(self, x, cache):
        """Positions pos..pos+c of a sequence [b,c,d]: attends to the cache and itself, appends its keys/values."""
        pos, c = cache["len"], x.shape[1]
        cache["k"][:, :, pos : pos + c] = self.rope(self.heads(self.k_proj(x)), pos)
        cache["v"][:, :, pos : pos + c] = self.heads(self.v_proj(x))
        cache["len"] = pos + c
        mask = torch.ones(c, pos + c, dtype=torch.bool).triu(pos + 1)
        q = self.rope(self.heads(self.q_proj(x)), pos)
        return self.attend(q, cache["k"][:, :, : pos + c], cache["v"][:, :, : pos + c], mask)

    def step(self, x, cache):
        """One token [b,d] (it may attend to every cached position: no mask)."""
        pos = cache["len"]
        t = x[:, None]
        cache["k"][:, :, pos] = self.rope(self.heads(self.k_proj(t)), pos)[:, :, 0]
        cache["v"][:, :, pos] = self.heads(self.v_proj(t))[:, :, 0]
        cache["len"] = pos + 1
        q = self.rope(self.heads(self.q_proj(t)), pos)
        return self.attend(q, cache["k"][:, :, : pos + 1], cache["v"][:, :, : pos + 1], None)[:, 0]


def segsum(x):
    """x [..., T] -> [..., T, T]: out[i, j] = x[j+1] + ... + x[i] for j <= i, -inf above the diagonal."""
    T = x.size(-1)
    x = x[..., None].expand(*x.shape, T)  # [.., i, j] = x[i]
    x = x.masked_fill(~torch.tril(torch.ones(T, T, dtype=torch.bool), diagonal=-1), 0)
    x = torch.cumsum(x, dim=-2)
    return x.masked_fill(~torch.tril(torch.ones(T, T, dtype=torch.bool), diagonal=0), float("-inf"))


def ssd(x, a, B, C, chunk, initial_state=None):
    """The SSD chunked algorithm (Dao & Gu 2024, Listing 1).

    x [b,l,h,p] (already times dt), a [b,l,h] (dt * A), B, C [b,l,g,n];
    returns y [b,l,h,p] and the final state [b,h,p,n].
    """
    b, l, h, p = x.shape
    g, n = B.shape[2], B.shape[3]
    pad = (-l) % chunk  # zero x and a: the state passes through the padding unchanged
    if pad:
        x, B, C = (F.pad(t, (0, 0, 0, 0, 0, pad)) for t in (x, B, C))
        a = F.pad(a, (0, 0, 0, pad))
    c = (l + pad) // chunk
    x = x.reshape(b, c, chunk, h, p)
    B = B.reshape(b, c, chunk, g, n).repeat_interleave(h // g, dim=3)
    C = C.reshape(b, c, chunk, g, n).repeat_interleave(h // g, dim=3)
    a = a.reshape(b, c, chunk, h).permute(0, 3, 1, 2)  # [b,h,c,L]
    a_cum = torch.cumsum(a, dim=-1)
    # 1. outputs within each chunk (the quadratic, attention-like form)
    decay = torch.exp(segsum(a))  # [b,h,c,L,L]
    y_diag = torch.einsum("bclhn,bcshn,bhcls,bcshp->bclhp", C, B, decay, x)
    # 2. each chunk's state at its end, from its own inputs
    decay_states = torch.exp(a_cum[..., -1:] - a_cum)
    states = torch.einsum("bclhn,bhcl,bclhp->bchpn", B, decay_states, x)
    # 3. states passed across chunks
    if initial_state is None:
        initial_state = torch.zeros(b, h, p, n, dtype=x.dtype)
    states = torch.cat([initial_state[:, None], states], dim=1)
    decay_chunk = torch.exp(segsum(F.pad(a_cum[..., -1], (1, 0))))  # [b,h,c+1,c+1]
    new_states = torch.einsum("bhzc,bchpn->bzhpn", decay_chunk, states)
    states, final_state = new_states[:, :-1], new_states[:, -1]
    # 4. the incoming state's contribution to each output
    y_off = torch.einsum("bclhn,bchpn,bhcl->bclhp", C, states, torch.exp(a_cum))
    y = (y_diag + y_off).reshape(b, c * chunk, h, p)[:, :l]
    return y, final_state


def dt_bias_init(size, dt_min=1e-3, dt_max=1e-1, dt_init_floor=1e-4):
    """softplus^-1(dt), dt log-uniform in [dt_min, dt_max] (floored): Mamba's and Mamba-2's dt initialisation."""
    dt = torch.exp(torch.rand(size) * (math.log(dt_max) - math.log(dt_min)) + math.log(dt_min)).clamp(min=dt_init_floor)
    return dt + torch.log(-torch.expm1(-dt))


class Mamba(nn.Module):
    """The Mamba-1 mixer (mamba_simple.Mamba; core's `Mamba` layer): in_proj -> (x, z); x -> causal depthwise
    conv -> SiLU -> x_proj -> (dt_low, B, C); dt = softplus(dt_proj(dt_low)); the selective scan with
    A = -exp(A_log) [d_inner, d_state] and D; y gated by SiLU(z); out_proj."""

    def __init__(self, d_model, d_state=16, expand=2, d_conv=4, dt_rank=None):
        super().__init__()
        self.d_inner = expand * d_model
        self.d_state, self.d_conv = d_state, d_conv
        self.dt_rank = dt_rank or math.ceil(d_model / 16)
        self.in_proj = nn.Linear(d_model, 2 * self.d_inner, bias=False)
        self.conv1d = nn.Conv1d(self.d_inner, self.d_inner, d_conv, groups=self.d_inner, padding=d_conv - 1)
        self.x_proj = nn.Linear(self.d_inner, self.dt_rank + 2 * d_state, bias=False)
        self.dt_proj = nn.Linear(self.dt_rank, self.d_inner)
        with torch.no_grad():
            nn.init.uniform_(self.dt_proj.weight, -self.dt_rank**-0.5, self.dt_rank**-0.5)
            self.dt_proj.bias.copy_(dt_bias_init(self.d_inner))
        self.A_log = nn.Parameter(torch.log(torch.arange(1, d_state + 1, dtype=torch.float32).repeat(self.d_inner, 1)))
        self.D = nn.Parameter(torch.ones(self.d_inner))
        self.out_proj = nn.Linear(self.d_inner, d_model, bias=False)

    def selective(self, u):
        """Convolved, activated input u [.., d_inner] -> dt (softplus applied), B, C."""
        dt_low, B, C = torch.split(self.x_proj(u), [self.dt_rank, self.d_state, self.d_state], dim=-1)
        return F.softplus(self.dt_proj(dt_low)), B, C

    def scan(self, u, z, h):
        """u, z [b,l,d_inner], state h [b,d_inner,n] -> out_proj output and the final state: a sequential loop over time."""
        dt, B, C = self.selective(u)
        A = -torch.exp(self.A_log)  # [d_inner,n]
        decay = torch.exp(dt[..., None] * A)  # [b,l,d_inner,n]
        drive = (dt * u)[..., None] * B[:, :, None, :]  # [b,l,d_inner,n]
        # unbound along time, so that the backward pass stacks the steps' gradients once (indexing
        # decay[:, t] would scatter each into a zero tensor of the full size: quadratic in l)
        decays, drives, readouts = decay.unbind(1), drive.unbind(1), C[..., None].unbind(1)
        ys = []
        for t in range(u.shape[1]):
            h = decays[t] * h + drives[t]
            ys.append((h @ readouts[t])[..., 0])  # [b,d_inner]
        y = (torch.stack(ys, dim=1) + u * self.D) * F.silu(z)
        return self.out_proj(y), h

    def forward(self, x):
        b, l, _ = x.shape
        xi, z = self.in_proj(x).chunk(2, dim=-1)
        u = F.silu(self.conv1d(xi.transpose(1, 2))[..., :l].transpose(1, 2))
        return self.scan(u, z, torch.zeros(b, self.d_inner, self.d_state))[0]

    def init_cache(self, batch, max_len):
        return {"conv": torch.zeros(batch, self.d_conv - 1, self.d_inner), "ssm": torch.zeros(batch, self.d_inner, self.d_state)}

    def chunk(self, x, cache):
        """A chunk [b,c,d] continuing the cached conv window and SSM state (the prefill)."""
        xi, z = self.in_proj(x).chunk(2, dim=-1)
        window = torch.cat([cache["conv"], xi], dim=1)
        cache["conv"] = window[:, -(self.d_conv - 1) :]
        u = F.silu(F.conv1d(window.transpose(1, 2), self.conv1d.weight, self.conv1d.bias, groups=self.d_inner).transpose(1, 2))
        out, cache["ssm"] = self.scan(u, z, cache["ssm"])
        return out

    def step(self, x, cache):
        """One token [b,d]: h = exp(dt A) h + dt u B, y = (h C + D u) SiLU(z)."""
        xi, z = self.in_proj(x).chunk(2, dim=-1)
        window = torch.cat([cache["conv"], xi[:, None]], dim=1)  # [b,k,d_inner]
        cache["conv"] = window[:, 1:]
        u = F.silu((window * self.conv1d.weight[:, 0].t()).sum(1) + self.conv1d.bias)
        dt, B, C = self.selective(u)
        h = cache["ssm"]
        h.mul_(torch.exp(dt[..., None] * -torch.exp(self.A_log)))
        h.add_((dt * u)[..., None] * B[:, None, :])
        y = ((h @ C[..., None])[..., 0] + u * self.D) * F.silu(z)
        return self.out_proj(y)


class Mamba2(nn.Module):
    """The Mamba-2 mixer (mamba_ssm's Mamba2Simple): in_proj -> (z, xBC, dt); causal depthwise conv + SiLU
    on xBC -> (x, B, C); SSD with A = -exp(A_log), D and dt_bias; gated RMSNorm with z; out_proj."""

    def __init__(self, d_model, d_state, headdim, expand, d_conv=4, ngroups=1):
        super().__init__()
        self.d_inner = expand * d_model
        self.d_state, self.headdim, self.ngroups, self.d_conv = d_state, headdim, ngroups, d_conv
        self.nheads = self.d_inner // headdim
        self.conv_dim = self.d_inner + 2 * ngroups * d_state
        self.in_proj = nn.Linear(d_model, self.d_inner + self.conv_dim + self.nheads, bias=False)
        self.conv1d = nn.Conv1d(self.conv_dim, self.conv_dim, d_conv, groups=self.conv_dim, padding=d_conv - 1)
        self.dt_bias = nn.Parameter(dt_bias_init(self.nheads))
        self.A_log = nn.Parameter(torch.log(torch.empty(self.nheads).uniform_(1, 16)))
        self.D = nn.Parameter(torch.ones(self.nheads))
        self.norm = GatedRMSNorm(self.d_inner, self.d_inner // ngroups)
        self.out_proj = nn.Linear(self.d_inner, d_model, bias=False)

    def split(self, zxbcdt):
        return torch.split(zxbcdt, [self.d_inner, self.conv_dim, self.nheads], dim=-1)

    def mix(self, xBC, dt, z, initial_state):
        """Activated conv output xBC [b,l,conv_dim] -> out_proj output and the final SSM state."""
        b, l, _ = xBC.shape
        gn = self.ngroups * self.d_state
        x, B, C = torch.split(F.silu(xBC), [self.d_inner, gn, gn], dim=-1)
        x = x.reshape(b, l, self.nheads, self.headdim)
        dt = F.softplus(dt + self.dt_bias)  # [b,l,h]
        A = -torch.exp(self.A_log)
        y, state = ssd(
            x * dt[..., None], dt * A,
            B.reshape(b, l, self.ngroups, self.d_state), C.reshape(b, l, self.ngroups, self.d_state),
            SSD_CHUNK, initial_state,
        )
        y = y + x * self.D[:, None]
        return self.out_proj(self.norm(y.reshape(b, l, self.d_inner), z)), state

    def forward(self, u):
        z, xBC, dt = self.split(self.in_proj(u))
        xBC = self.conv1d(xBC.transpose(1, 2))[..., : u.shape[1]].transpose(1, 2)
        return self.mix(xBC, dt, z, None)[0]

    def init_cache(self, batch, max_len):
        return {
            "conv": torch.zeros(batch, self.d_conv - 1, self.conv_dim),
            "ssm": torch.zeros(batch, self.nheads, self.headdim, self.d_state),
        }

    def chunk(self, u, cache):
        """A chunk [b,c,d] continuing the cached conv window and SSM state (the prefill)."""
        z, xBC, dt = self.split(self.in_proj(u))
        window = torch.cat([cache["conv"], xBC], dim=1)
        cache["conv"] = window[:, -(self.d_conv - 1) :]
        conv = F.conv1d(window.transpose(1, 2), self.conv1d.weight, self.conv1d.bias, groups=self.conv_dim).transpose(1, 2)
        out, cache["ssm"] = self.mix(conv, dt, z, cache["ssm"])
        return out

    def step(self, u, cache):
        """One token [b,d]: the recurrence H = exp(dt A) H + dt x B^T, y = H C + D x."""
        b = u.shape[0]
        z, xBC, dt = self.split(self.in_proj(u))
        window = torch.cat([cache["conv"], xBC[:, None]], dim=1)  # [b,k,conv_dim]
        cache["conv"] = window[:, 1:]
        xBC = F.silu((window * self.conv1d.weight[:, 0].t()).sum(1) + self.conv1d.bias)
        gn = self.ngroups * self.d_state
        x, B, C = torch.split(xBC, [self.d_inner, gn, gn], dim=-1)
        x = x.reshape(b, self.nheads, self.headdim)
        B = B.reshape(b, self.ngroups, self.d_state).repeat_interleave(self.nheads // self.ngroups, dim=1)
        C = C.reshape(b, self.ngroups, self.d_state).repeat_interleave(self.nheads // self.ngroups, dim=1)
        dt = F.softplus(dt + self.dt_bias)  # [b,h]
        state = cache["ssm"]
        state.mul_(torch.exp(dt * -torch.exp(self.A_log))[:, :, None, None])
        state.add_((dt[:, :, None] * x)[..., None] * B[:, :, None, :])
        y = (state @ C[..., None])[..., 0] + x * self.D[:, None]
        return self.out_proj(self.norm(y.reshape(b, self.d_inner), z))


class Block(nn.Module):
    """A residual pre-norm block: x + mixer(norm(x))."""

    def __init__(self, char, cfg):
        super().__init__()
        d = cfg["dModel"]
        self.norm = RMSNorm(d)
        if char == "M":
            m = cfg["mamba2"]
            self.mixer = Mamba2(d, m["dState"], m["headdim"], m["expand"], m.get("dConv", 4), m.get("ngroups", 1))
        elif char == "m":
            m = cfg["mamba"]
            self.mixer = Mamba(d, m["dState"], m["expand"], m["dConv"], m.get("dtRank"))
        elif char == "*":
            a = cfg["attention"]
            self.mixer = Attention(d, a["numHeads"], a.get("ropeBase"))
        elif char == "-":
            self.mixer = Mlp(d, cfg["mlpRatio"] * d)
        else:
            raise ValueError(f"unknown layer character {char!r} (this script knows M, m, * and -)")
        self.stateful = char != "-"

    def forward(self, x):
        return x + self.mixer(self.norm(x))


class Backbone(nn.Module):
    """core's HybridStack: the blocks (`layers.i`) and the final norm (`norm_f`)."""

    def __init__(self, cfg):
        super().__init__()
        self.layers = nn.ModuleList(Block(char, cfg) for char in cfg["pattern"])
        self.norm_f = RMSNorm(cfg["dModel"])


class LanguageModel(nn.Module):
    """embedding -> backbone -> head: `lm_head` untied, or the embedding's weight when tied."""

    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        self.embedding = nn.Embedding(cfg["vocabSize"], cfg["dModel"])
        nn.init.normal_(self.embedding.weight, std=0.02)
        self.backbone = Backbone(cfg)
        self.lm_head = None if cfg["tieEmbeddings"] else nn.Linear(cfg["dModel"], cfg["vocabSize"], bias=False)

    def num_parameters(self):
        return sum(p.numel() for p in self.parameters())  # a tied head counts once

    def head(self, h):
        return F.linear(h, self.embedding.weight) if self.lm_head is None else self.lm_head(h)

    def forward(self, idx, targets=None):
        h = self.embedding(idx)
        for block in self.backbone.layers:
            h = block(h)
        logits = self.head(self.backbone.norm_f(h))
        loss = None if targets is None else F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1))
        return logits, loss

    def init_cache(self, batch, max_len):
        return [b.mixer.init_cache(batch, max_len) if b.stateful else None for b in self.backbone.layers]

    @torch.no_grad()
    def prefill(self, idx, caches, chunk):
        """Reads a context [b,s] into the caches `chunk` positions at a time; logits after its last token."""
        for start in range(0, idx.shape[1], chunk):
            h = self.embedding(idx[:, start : start + chunk])
            for block, cache in zip(self.backbone.layers, caches):
                x = block.norm(h)
                h = h + (block.mixer(x) if cache is None else block.mixer.chunk(x, cache))
        return self.head(self.backbone.norm_f(h[:, -1]))

    @torch.no_grad()
    def step(self, token, caches):
        """One token per sequence [b] -> next-token logits [b,vocab]."""
        h = self.embedding(token)
        for block, cache in zip(self.backbone.layers, caches):
            x = block.norm(h)
            h = h + (block.mixer(x) if cache is None else block.mixer.step(x, cache))
        return self.head(self.backbone.norm_f(h))


def memory():
    return {"peakRssBytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024, "wasmHeapBytes": None}


def profile_by_op(call):
    """One call under torch's profiler: self CPU time summed by op, most first."""
    started = time.perf_counter()
    with torch.autograd.profiler.profile() as prof:
        call()
    wall_ms = (time.perf_counter() - started) * 1000
    ops = [
        {"name": e.key, "ms": e.self_cpu_time_total / 1000, "calls": e.count}
        for e in prof.key_averages()
    ]
    ops.sort(key=lambda op: -op["ms"])
    return {"ops": ops, "opMs": sum(op["ms"] for op in ops), "wallMs": wall_ms, "kernels": sum(op["calls"] for op in ops)}


class TrainSession:
    """One AdamW update per call on a fixed random batch [batch, seq+1]."""

    def __init__(self, spec, model):
        self.model = model
        decay = [p for p in model.parameters() if p.dim() >= 2]
        no_decay = [p for p in model.parameters() if p.dim() < 2]  # norms, A_log, D, dt_bias, conv bias (as core's noDecayRule)
        self.optimizer = torch.optim.AdamW(
            [{"params": decay, "weight_decay": 0.01}, {"params": no_decay, "weight_decay": 0.0}], lr=LEARNING_RATE
        )
        batch = torch.randint(0, model.cfg["vocabSize"], (spec["batch"], spec["seq"] + 1))
        self.inputs, self.targets = batch[:, :-1], batch[:, 1:]

    def update(self):
        self.optimizer.zero_grad(set_to_none=True)
        _, loss = self.model(self.inputs, self.targets)
        loss.backward()
        self.optimizer.step()
        return loss.item()

    def warmup(self):
        self.update()

    def measure(self):
        started = time.perf_counter()
        loss = self.update()
        return {"ms": (time.perf_counter() - started) * 1000, "loss": loss}

    def profile(self):
        return profile_by_op(self.update)


class GenerateSession:
    """Batch 1: prefill a random context (after an untimed one-chunk warm-up), then one greedy token per call."""

    def __init__(self, spec, model):
        self.model, self.spec = model, spec
        self.context = torch.randint(0, model.cfg["vocabSize"], (1, spec["context"]))
        self.max_len = spec["maxLen"]  # the context and the tokens stepped after it
        self.caches = model.init_cache(1, self.max_len)
        self.next = torch.zeros(1, dtype=torch.long)

    def advance(self, logits):
        self.next = logits.argmax(-1)
        self.next.item()  # read back, as sampling must

    def prefill(self):
        chunk = self.spec["prefillChunk"]  # untimed: one chunk into a throwaway cache first
        self.model.prefill(self.context[:, :chunk], self.model.init_cache(1, chunk), chunk)
        self.caches = self.model.init_cache(1, self.max_len)
        started = time.perf_counter()
        self.advance(self.model.prefill(self.context, self.caches, self.spec["prefillChunk"]))
        return {"ms": (time.perf_counter() - started) * 1000}

    def step(self):
        self.advance(self.model.step(self.next, self.caches))

    def warmup(self):
        self.step()

    def measure(self):
        started = time.perf_counter()
        self.step()
        return {"ms": (time.perf_counter() - started) * 1000}

    def profile(self):
        return profile_by_op(self.step)


def send(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def load_weights(model, path):
    """Our weights (a JSON file {name: {"shape": [...], "data": [...]}}, core's parameter names) into the model."""
    with open(path) as f:
        named = json.load(f)
    state = {name: torch.tensor(t["data"], dtype=torch.float32).reshape(t["shape"]) for name, t in named.items()}
    model.load_state_dict(state, strict=True)


@torch.no_grad()
def check(spec, model):
    """Self-check (spec kind "check"): a prefilled context followed by steps gives the logits of the
    parallel forward (the chunked scans' final states equal the recurrences'). With "weights" (ours,
    loaded by name) and "tokens" [b,l], also the parallel forward's logits on them, to compare with ours."""
    if "weights" in spec:
        load_weights(model, spec["weights"])
    vocab = model.cfg["vocabSize"]
    idx = torch.tensor(spec["tokens"]) if "tokens" in spec else torch.randint(0, vocab, (2, spec["context"] + 8))
    length = idx.shape[1]
    full, _ = model(idx)
    caches = model.init_cache(idx.shape[0], length)
    logits = [model.prefill(idx[:, : spec["context"]], caches, spec["prefillChunk"])]
    logits += [model.step(idx[:, t], caches) for t in range(spec["context"], length)]
    stepped = torch.stack(logits, dim=1)
    result = {"maxAbsDiff": (stepped - full[:, spec["context"] - 1 :]).abs().max().item(), "scale": full.abs().max().item()}
    if "tokens" in spec:
        result["logits"] = full.reshape(-1).tolist()
        result["steppedLogits"] = stepped.reshape(-1).tolist()
    return result


def main():
    spec = json.loads(sys.argv[1])
    torch.set_num_threads(spec["threads"])
    torch.manual_seed(spec["seed"])
    model = LanguageModel(spec["model"])
    if spec["kind"] == "check":
        send({**check(spec, model), "parameters": model.num_parameters()})
        return
    session = TrainSession(spec, model) if spec["kind"] == "train" else GenerateSession(spec, model)
    runtime = f"torch {torch.__version__}, {torch.get_num_threads()} thread(s), CPU"
    send({"ready": True, "parameters": model.num_parameters(), "runtime": runtime, "memory": memory()})
    for line in sys.stdin:
        cmd = json.loads(line)["cmd"]
        if cmd == "end":
            break
        if cmd == "warmup":
            session.warmup()
            send({"ms": 0, "memory": memory()})
        elif cmd == "measure":
            send({**session.measure(), "memory": memory()})
        elif cmd == "prefill":
            send({**session.prefill(), "memory": memory()})
        elif cmd == "profile":
            send({"profile": session.profile(), "memory": memory()})
    send({"memory": memory()})


if __name__ == "__main__":
    try:
        main()
    except Exception as error:  # one line for the parent, which reports it for this model
        send({"error": f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}", "memory": memory()})
        sys.exit(1)
