/*
 * floor: the fastest anything built on libyaml can read a sopc project.
 *
 * Walks DIR recursively (entries in byte-wise sorted order), reads every
 * `*.yaml` file fully into memory, and runs the libyaml event loop over it
 * (yaml_parser_parse, yaml_event_delete; no tree, no strings kept).
 * Prints one line: `events=<E> files=<F> bytes=<B>`.
 *
 * Single-threaded on purpose: this is the cost of scanning the bytes once.
 *
 *   cc -O2 bench/floor.c -o floor $(pkg-config --cflags --libs yaml-0.1)
 *   ./floor DIR
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

static unsigned long long total_events, total_files, total_bytes;
static unsigned char *buffer;
static size_t buffer_cap;

static int has_yaml_suffix(const char *name) {
    size_t n = strlen(name);
    return n >= 5 && strcmp(name + n - 5, ".yaml") == 0;
}

static int by_name(const struct dirent **a, const struct dirent **b) {
    return strcmp((*a)->d_name, (*b)->d_name);
}

static void scan_file(const char *path, size_t size_hint) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "floor: %s: %s\n", path, strerror(errno));
        exit(2);
    }
    if (size_hint + 1 > buffer_cap) {
        buffer_cap = size_hint + 1;
        buffer = realloc(buffer, buffer_cap);
        if (!buffer) {
            fprintf(stderr, "floor: out of memory\n");
            exit(2);
        }
    }
    size_t len = fread(buffer, 1, size_hint, f);
    fclose(f);

    yaml_parser_t parser;
    yaml_event_t event;
    if (!yaml_parser_initialize(&parser)) {
        fprintf(stderr, "floor: cannot initialise libyaml\n");
        exit(2);
    }
    yaml_parser_set_input_string(&parser, buffer, len);
    for (;;) {
        if (!yaml_parser_parse(&parser, &event)) {
            fprintf(stderr, "floor: %s:%zu:%zu: %s\n", path,
                    parser.problem_mark.line + 1, parser.problem_mark.column + 1,
                    parser.problem ? parser.problem : "parse error");
            exit(1);
        }
        total_events++;
        int done = event.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&event);
        if (done) break;
    }
    yaml_parser_delete(&parser);
    total_files++;
    total_bytes += len;
}

static void walk(const char *dir) {
    struct dirent **entries;
    int n = scandir(dir, &entries, NULL, by_name);
    if (n < 0) {
        fprintf(stderr, "floor: %s: %s\n", dir, strerror(errno));
        exit(2);
    }
    for (int i = 0; i < n; i++) {
        const char *name = entries[i]->d_name;
        if (strcmp(name, ".") != 0 && strcmp(name, "..") != 0) {
            size_t len = strlen(dir) + strlen(name) + 2;
            char *path = malloc(len);
            snprintf(path, len, "%s/%s", dir, name);
            struct stat st;
            if (stat(path, &st) == 0) {
                if (S_ISDIR(st.st_mode))
                    walk(path);
                else if (S_ISREG(st.st_mode) && has_yaml_suffix(name))
                    scan_file(path, (size_t)st.st_size);
            }
            free(path);
        }
        free(entries[i]);
    }
    free(entries);
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: floor DIR\n");
        return 2;
    }
    walk(argv[1]);
    printf("events=%llu files=%llu bytes=%llu\n", total_events, total_files, total_bytes);
    free(buffer);
    return 0;
}
