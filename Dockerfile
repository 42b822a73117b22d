# Claude Code in a container, as the agent suite and `bench launch` run it.
#   docker build -t claude-code-bench/claude-code:2.1.332 .
#   docker build --build-arg CLAUDE_CODE_VERSION=2.1.400 -t claude-code-bench/claude-code:2.1.400 .
ARG BASE_IMAGE=node:24-bookworm-slim
FROM ${BASE_IMAGE}

# git lets Claude Code see the workspace as a repository; skip the install when the base has it
# (and do not fail the build when no Debian mirror is reachable).
RUN command -v git >/dev/null 2>&1 \
    || (apt-get update \
        && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends git ca-certificates \
        && apt-get clean && rm -rf /var/lib/apt/lists/*) \
    || echo "git not installed: no package mirror reachable"

ARG CLAUDE_CODE_VERSION=2.1.332
RUN npm install -g --no-audit --no-fund @anthropic-ai/claude-code@${CLAUDE_CODE_VERSION} \
    && npm cache clean --force

# Claude Code refuses --dangerously-skip-permissions as root: run as uid 1000 (the official node
# image already has one, `node`) with a HOME of its own that it can write its settings into.
RUN (getent passwd 1000 >/dev/null || useradd --uid 1000 --create-home --shell /bin/bash claude) \
    && mkdir -p /home/claude /workspace \
    && chown 1000:1000 /home/claude /workspace
ENV HOME=/home/claude \
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1 \
    DISABLE_AUTOUPDATER=1
LABEL org.opencontainers.image.title="claude-code-bench/claude-code" \
      claude-code-bench.claude-code-version="${CLAUDE_CODE_VERSION}"

USER 1000
WORKDIR /workspace
ENTRYPOINT ["claude"]
