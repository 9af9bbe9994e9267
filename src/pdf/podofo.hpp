// The one place this module includes PoDoFo: its headers are not clean under -Wall -Wextra
// -Wpedantic -Wshadow, and a warning in a third-party header must not fail our -Werror build.
// Private to the pdf module.
#pragma once

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wall"
#pragma GCC diagnostic ignored "-Wextra"
#pragma GCC diagnostic ignored "-Wpedantic"
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Woverloaded-virtual"
#include <podofo/podofo.h>
// FreeType itself (the stamp's fonts keep an FT_Library of their own, stamp_font.cpp).
#include <ft2build.h>
#include FT_FREETYPE_H
#pragma GCC diagnostic pop
