#!/bin/sh
# The image's entrypoint. Prepares the workspace OpenCode works in (a mounted folder as it is, or a
# clone of GIT_REPO_URL), then becomes the gateway: exec, so `docker stop`'s SIGTERM reaches node.
# Given a command instead (the external-opencode service), it prepares the workspace and runs that there.
# Every failure is one line on stderr and a non-zero exit. GIT_TOKEN reaches no argv, no file and no
# output, and neither the gateway nor OpenCode (whose agent runs shell commands) inherits it.
set -eu

app_root=${OTTO_APP_ROOT:-/app}
workspace=${OTTO_WORKSPACE:-/workspace}

fail() {
  printf 'otto: %s\n' "$*" >&2
  exit 1
}

warn() {
  printf 'otto: %s\n' "$*" >&2
}

# Git's own words for why it failed: its first fatal line (else its last line), the token masked
# should a server echo it.
reason() {
  printf '%s\n' "$1" | awk -v mask='***' '
    BEGIN { token = ENVIRON["GIT_TOKEN"] }
    NF {
      if (token != "") while ((at = index($0, token)) > 0) $0 = substr($0, 1, at - 1) mask substr($0, at + length(token))
      if (!fatal && sub(/^(fatal|error): /, "")) fatal = $0
      last = $0
    }
    END { print fatal ? fatal : last }'
}

# Git with GIT_TOKEN offered by a credential helper that reads it from the environment when a server
# asks, so the token is in no command line and no config file; prompts are off, so a missing or wrong
# token fails instead of waiting for a terminal. Prints only git's error output.
git_run() {
  {
    # shellcheck disable=SC2016 # the helper's $1 and $GIT_TOKEN are for the shell git starts it in
    GIT_TERMINAL_PROMPT=0 GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=credential.helper \
      GIT_CONFIG_VALUE_0='!f() { if [ "$1" = get ] && [ -n "${GIT_TOKEN:-}" ]; then printf "username=%s\npassword=%s\n" "${GIT_USERNAME:-x-access-token}" "$GIT_TOKEN"; fi; }; f' \
      git "$@" >/dev/null
  } 2>&1
}

is_empty() {
  [ ! -d "$1" ] || [ -z "$(ls -A "$1")" ]
}

# A tag, a commit, or a branch of origin that has no local branch yet.
ref_exists() {
  git -C "$workspace" rev-parse --quiet --verify "$1^{commit}" >/dev/null ||
    git -C "$workspace" rev-parse --quiet --verify "refs/remotes/origin/$1^{commit}" >/dev/null
}

clone() {
  is_empty "$workspace" ||
    fail "the workspace $workspace holds files but no git clone: empty it for GIT_REPO_URL, or unset GIT_REPO_URL to use the files as they are"
  if ! output=$(git_run clone --quiet -- "$GIT_REPO_URL" "$workspace"); then
    fail "could not clone GIT_REPO_URL ($GIT_REPO_URL): $(reason "$output")"
  fi
  if [ -n "${GIT_REF:-}" ] && ! output=$(git_run -C "$workspace" checkout --quiet "$GIT_REF" --); then
    # Cloned by this very start, so nothing but the clone is removed; the next start clones again.
    find "$workspace" -mindepth 1 -delete
    fail "GIT_REF $GIT_REF is not a branch, tag or commit of $GIT_REPO_URL: $(reason "$output")"
  fi
}

# A restart neither waits on the network nor overwrites the agent's work: fetch, then fast-forward only.
update() {
  origin=$(git -C "$workspace" remote get-url origin 2>/dev/null || true)
  [ "$origin" = "$GIT_REPO_URL" ] ||
    fail "the workspace $workspace is a clone of another repository than GIT_REPO_URL ($GIT_REPO_URL): empty it, or set GIT_REPO_URL to its origin"
  if ! output=$(git_run -C "$workspace" fetch --quiet --tags origin); then
    warn "could not fetch GIT_REPO_URL ($GIT_REPO_URL): $(reason "$output"); starting with the workspace as it is"
    return 0
  fi
  if [ -n "${GIT_REF:-}" ]; then
    ref_exists "$GIT_REF" || fail "GIT_REF $GIT_REF is not a branch, tag or commit of $GIT_REPO_URL"
    if ! output=$(git_run -C "$workspace" checkout --quiet "$GIT_REF" --); then
      warn "could not check out GIT_REF $GIT_REF: $(reason "$output"); starting with the workspace as it is"
      return 0
    fi
  fi
  # Only a branch follows its upstream; a tag or a commit stays where it is.
  if git -C "$workspace" rev-parse --quiet --verify '@{upstream}' >/dev/null 2>&1 &&
    ! output=$(git_run -C "$workspace" merge --ff-only --quiet '@{upstream}'); then
    warn "the workspace has changes of its own, so it was not fast-forwarded to origin: $(reason "$output")"
  fi
}

prepare_workspace() {
  if [ -z "${GIT_REPO_URL:-}" ]; then
    ! is_empty "$workspace" ||
      fail "the workspace $workspace is empty: mount your repository there, or set GIT_REPO_URL to clone one"
    return 0
  fi
  case $GIT_REPO_URL in
    *://*:*@*) fail "GIT_REPO_URL must not carry credentials: put the token in GIT_TOKEN" ;;
  esac
  case ${GIT_REF:-} in
    -*) fail "GIT_REF must name a branch, tag or commit" ;;
  esac
  if [ -e "$workspace/.git" ]; then update; else clone; fi
}

# With an external OpenCode (OPENCODE_URL) the workspace is that container's; the gateway needs none.
if [ "$#" -gt 0 ] || [ -z "${OPENCODE_URL:-}" ]; then
  prepare_workspace
fi
unset GIT_TOKEN GIT_USERNAME

# OpenCode keeps its config, sessions and provider keys under HOME (in the /data volume in the image).
[ -d "${HOME:?}" ] || mkdir -p "$HOME" || fail "cannot create HOME ($HOME)"

if [ "$#" -gt 0 ]; then
  cd "$workspace"
  exec "$@"
fi
# The node flags `npm start` runs the gateway with (root package.json).
exec node --max-semi-space-size=2 --enable-source-maps "$app_root/apps/gateway/dist/main.mjs"
