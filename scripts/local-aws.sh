# Sourced by scripts that run terraform against the local AWS (main-job.sh, make-doc-fixtures.sh).
#
#   local_aws_start WORK PROVIDER_DIR [serve.py args...]
#       install PROVIDER_DIR/terraform-provider-gcnet with scripts/install-provider.sh into the implied local mirror
#       of terraform's private HOME (WORK/home/.terraform.d/plugins/...), exactly as a user installs it, and write
#       WORK/terraform.rc, a CLI config whose only installation method is that directory as a filesystem_mirror (no
#       dev_overrides: `terraform init` installs gcnet and writes the lock file with its h1: hash, offline); then
#       start the patched moto on a free loopback port (sets PORT and MOTO_PID). LOCAL_AWS_DIST=DIR also writes the
#       release package there.
#   local_aws_stop          stop moto (safe to call twice, or when it never started)
#   local_aws_tf ROOT args  run terraform in ROOT with that CLI config and credentials that only moto accepts
#   local_aws_prepare_root ROOT
#       make a private copy of an examples/ root runnable here: its inputs from terraform.tfvars.example, the local
#       backend instead of S3 (an override file), and the hub's prevent_destroy lifted in ../modules/municipality
#       (testing/allow_destroy_override.tf), so tests and fixtures can destroy and replace what they build
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
    local package=(--no-package)
    [[ -z "${LOCAL_AWS_DIST:-}" ]] || package=(--dist "$LOCAL_AWS_DIST")
    HOME="$LOCAL_AWS_WORK/home" bash "$REPO/scripts/install-provider.sh" \
        --binary "$provider_dir/terraform-provider-gcnet" "${package[@]}" >/dev/null
    cat >"$LOCAL_AWS_WORK/terraform.rc" <<RC
provider_installation {
  filesystem_mirror {
    path = "$LOCAL_AWS_WORK/home/.terraform.d/plugins"
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

local_aws_prepare_root() { # root (a root of a private copy of examples/)
    local root="$1"
    rm -rf "$root/.terraform" "$root/.terraform.lock.hcl" "$root"/terraform.tfstate*
    cp "$root/terraform.tfvars.example" "$root/terraform.tfvars"
    printf '%s\n' '# local-aws.sh: the local backend instead of the S3 one (a test run has no state bucket)' \
        'terraform {' '  backend "local" {}' '}' >"$root/zz_local_backend_override.tf"
    cp "$root/../modules/municipality/testing/allow_destroy_override.tf" "$root/../modules/municipality/"
}
