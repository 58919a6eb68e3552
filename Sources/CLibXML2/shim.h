#include <libxml/xmlversion.h>
/* Debian's libxml2 is built with ICU, so its headers pull in the system's
   unicode/*.h; Foundation brings its own copy of ICU's types, and a module
   that imports both fails with "UErrorCode ... is not present in definition"
   (depending on which loads first). quire never touches libxml2's ICU
   converters, so their declarations are left out. */
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlsave.h>
#include <libxml/xmlerror.h>
