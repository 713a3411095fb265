# Sourced by scripts that run terraform against the local AWS (main-job.sh, make-doc-fixtures.sh).
#
#   local_aws_start WORK PROVIDER_DIR [serve.py args...]
#       start the patched moto on a free loopback port (sets PORT and MOTO_PID), and write WORK/terraform.rc, a CLI
#       config whose dev_overrides point tokushima/gcnet at PROVIDER_DIR
#   local_aws_stop          stop moto (safe to call twice, or when it never started)
#   local_aws_tf ROOT args  run terraform in ROOT with that CLI config and credentials that only moto accepts
#
# terraform gets a clean environment with its own HOME under WORK: nothing from the caller's ~/.aws,
# ~/.terraformrc or plugin cache can change a run, and a caller without HOME (some CI runners) works the same.
# The caller owns WORK and removes it.

MOTO_PID=""
PORT=""
LOCAL_AWS_WORK=""

local_aws_log() { echo "${LOCAL_AWS_NAME:-local-aws}: $*" >&2; }

local_aws_start() { # work provider_dir [serve.py args...]
    LOCAL_AWS_WORK="$1"
    local provider_dir="$2"
    shift 2
    mkdir -p "$LOCAL_AWS_WORK/home"
    cat >"$LOCAL_AWS_WORK/terraform.rc" <<RC
provider_installation {
  dev_overrides {
    "registry.terraform.io/tokushima/gcnet" = "$provider_dir"
  }
}
RC
    python3 "$REPO/tests/moto/serve.py" --port 0 "$@" >"$LOCAL_AWS_WORK/moto.out" 2>"$LOCAL_AWS_WORK/moto.err" &
    MOTO_PID=$!
    local _
    for _ in $(seq 1 300); do
        grep -q '^PORT ' "$LOCAL_AWS_WORK/moto.out" 2>/dev/null && break
        if ! kill -0 "$MOTO_PID" 2>/dev/null; then
            cat "$LOCAL_AWS_WORK/moto.err" >&2
            local_aws_log "moto died"
            return 1
        fi
        sleep 0.1
    done
    PORT="$(awk '/^PORT /{print $2; exit}' "$LOCAL_AWS_WORK/moto.out")"
    if [[ -z "$PORT" ]]; then
        local_aws_log "moto did not start within 30 s"
        return 1
    fi
    local_aws_log "moto on 127.0.0.1:$PORT, work dir $LOCAL_AWS_WORK"
}

local_aws_stop() {
    if [[ -n "$MOTO_PID" ]] && kill -0 "$MOTO_PID" 2>/dev/null; then
        kill "$MOTO_PID" 2>/dev/null || true
        wait "$MOTO_PID" 2>/dev/null || true
    fi
    MOTO_PID=""
}

local_aws_tf() { # root args...
    local root="$1"
    shift
    env -i PATH="$PATH" HOME="$LOCAL_AWS_WORK/home" TMPDIR="${TMPDIR:-/tmp}" LANG="${LANG:-C.UTF-8}" \
        TF_CLI_CONFIG_FILE="$LOCAL_AWS_WORK/terraform.rc" TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1 TF_INPUT=0 \
        AWS_ENDPOINT_URL="http://127.0.0.1:$PORT" AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing \
        AWS_REGION=ap-northeast-1 AWS_EC2_METADATA_DISABLED=true \
        terraform -chdir="$root" "$@"
}
