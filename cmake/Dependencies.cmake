# Third-party libraries, all from Debian 12 packages (see THIRD_PARTY.md).
find_package(Threads REQUIRED)
find_package(Boost 1.74 REQUIRED CONFIG COMPONENTS headers)
find_package(nlohmann_json 3.11 REQUIRED)
find_package(spdlog REQUIRED)
find_package(fmt REQUIRED)
find_package(CLI11 REQUIRED)
find_package(OpenSSL 3 REQUIRED)
find_package(PostgreSQL REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
pkg_check_modules(TOMLPP REQUIRED IMPORTED_TARGET tomlplusplus)

# SOCI 4.0.3 ships neither pkg-config nor a CMake config.
find_library(SOCI_CORE_LIB soci_core REQUIRED)
find_library(SOCI_SQLITE_LIB soci_sqlite3 REQUIRED)
find_library(SOCI_PG_LIB soci_postgresql REQUIRED)
find_path(SOCI_INCLUDE_DIR soci/soci.h REQUIRED)
add_library(cqdt_soci INTERFACE)
target_include_directories(cqdt_soci INTERFACE ${SOCI_INCLUDE_DIR} ${SOCI_INCLUDE_DIR}/soci)
target_link_libraries(cqdt_soci INTERFACE ${SOCI_PG_LIB} ${SOCI_SQLITE_LIB} ${SOCI_CORE_LIB}
                      PostgreSQL::PostgreSQL SQLite::SQLite3 ${CMAKE_DL_LIBS})

# Signatures (issue 4): xmlsec1 with its OpenSSL backend (brings libxml2), PoDoFo 0.9.8, libp11
# (the PKCS#11 ENGINE; bookworm has no OpenSSL 3 PKCS#11 provider).
pkg_check_modules(XMLSEC REQUIRED IMPORTED_TARGET xmlsec1-openssl)
pkg_check_modules(PODOFO REQUIRED IMPORTED_TARGET libpodofo)
# FreeType directly (it comes with libpodofo-dev): the stamp keeps its fonts' metrics between
# documents on an FT_Library of its own (src/pdf/stamp_font.hpp).
pkg_check_modules(FREETYPE REQUIRED IMPORTED_TARGET freetype2)
# QR codes on the one-stop desk's forms (issue 12).
pkg_check_modules(QRENCODE REQUIRED IMPORTED_TARGET libqrencode)
pkg_check_modules(LIBPNG REQUIRED IMPORTED_TARGET libpng)
pkg_check_modules(LIBP11 REQUIRED IMPORTED_TARGET libp11)
pkg_check_modules(LIBZIP REQUIRED IMPORTED_TARGET libzip)

# Password strength (issue 8): zxcvbn-c, its dictionaries compiled into the library.
find_library(ZXCVBN_LIB zxcvbn REQUIRED)
find_path(ZXCVBN_INCLUDE_DIR zxcvbn.h REQUIRED)
add_library(cqdt_zxcvbn INTERFACE)
target_include_directories(cqdt_zxcvbn INTERFACE ${ZXCVBN_INCLUDE_DIR})
target_link_libraries(cqdt_zxcvbn INTERFACE ${ZXCVBN_LIB} m)

# Text extraction and OCR (issue 11, item 4): poppler's C++ API for the text layer and the
# rendering of scanned pages, Tesseract 5 with Leptonica for OCR, libxml2 for DOCX bodies.
pkg_check_modules(POPPLER_CPP REQUIRED IMPORTED_TARGET poppler-cpp)
pkg_check_modules(TESSERACT REQUIRED IMPORTED_TARGET tesseract lept)
pkg_check_modules(LIBXML2 REQUIRED IMPORTED_TARGET libxml-2.0)
pkg_check_modules(XLSXWRITER REQUIRED IMPORTED_TARGET xlsxwriter)

# OpenID Connect sign-in (issue 13, item 2): the relying party's outgoing HTTPS to the provider.
find_package(CURL 7.85 REQUIRED)
