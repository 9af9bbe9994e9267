// `cqdt-extract [--ocr-max-pages N] --content-type TYPE`: the text extraction child
// (extract/extract.hpp), a program of its own so that each file's child loads only poppler,
// Tesseract and their libraries: started as `cqdt __extract`, a child loads all of cqdt's ~100
// (about 23 ms of CPU a file before its first page; this program, about 6 ms). Not a command for
// people: the server starts it, installed in /usr/libexec/cqdt by the package.
#include "extract/extract.hpp"

int main(int argc, char** argv) { return cqdt::extract::RunChildMain(argc, argv); }
