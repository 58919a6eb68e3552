#include <cmark-gfm.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm-core-extensions.h>
// The node layout, for the one field the public API does not expose: the
// footnote definition a reference points at.
#include <cmark-gfm/node.h>
