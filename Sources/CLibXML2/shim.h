#include <libxml/xmlversion.h>
/* Debian's libxml2 is built with ICU and its encoding.h then pulls in the
   system ICU headers, whose UErrorCode clashes with Foundation's bundled
   ICU in the same Swift module. We never touch libxml2's ICU converters. */
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlsave.h>
#include <libxml/xmlerror.h>
