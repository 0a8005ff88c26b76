# maillon in a container: build, check or preview a site mounted at /site.
#
#   docker build -t maillon --build-arg MAILLON_COMMIT="$(git rev-parse --short=10 HEAD)" .
#   docker run --rm --user "$(id -u):$(id -g)" -v "$PWD":/site maillon build
#   docker run --rm -v "$PWD":/site maillon check --format gitlab > gl-code-quality-report.json
#   docker run --rm -p 1111:1111 -v "$PWD":/site maillon serve --bind 0.0.0.0
#
# Two stages: the first compiles maillon; the final image holds only the binary on a distroless
# base (the C library and nothing else: no shell, no package manager) and runs as a non-root
# user. `--user "$(id -u):$(id -g)"` makes the files `build` writes into the mounted site belong
# to you rather than to the image's user.

FROM rust:1-bookworm AS build
ARG MAILLON_COMMIT=unknown
ENV MAILLON_COMMIT=${MAILLON_COMMIT}
WORKDIR /src
COPY Cargo.toml Cargo.lock build.rs ./
COPY src src
COPY data data
COPY themes themes
# Cargo.toml names the test binary: cargo wants its file present even to build only maillon.
COPY tests tests
RUN cargo build --release --locked --bin maillon \
    && strip target/release/maillon

FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /src/target/release/maillon /usr/local/bin/maillon
USER nonroot
WORKDIR /site
EXPOSE 1111
ENTRYPOINT ["/usr/local/bin/maillon"]
CMD ["--help"]
