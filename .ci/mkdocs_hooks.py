"""MkDocs hooks for the guide: its pictures live in examples/, outside the guide's folder.

The pages link them as ../../examples/NAME.png, which is right in the repository; the site copies
them to examples/ and points the links there.
"""

from pathlib import Path

from mkdocs.structure.files import File, InclusionLevel

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
IN_REPOSITORY = "../../examples/"
ON_SITE = "examples/"


def on_files(files, config):
    for picture in sorted(EXAMPLES.glob("*.png")):
        shown = File.generated(
            config,
            ON_SITE + picture.name,
            abs_src_path=str(picture),
            inclusion=InclusionLevel.INCLUDED,
        )
        files.append(shown)
    return files


def on_page_markdown(markdown, page, config, files):
    return markdown.replace("](" + IN_REPOSITORY, "](" + ON_SITE)
