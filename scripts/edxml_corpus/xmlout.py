"""A tiny XML writer: names are written literally (prefix included) so every file controls
its own prefixes, namespace declarations, order and whitespace."""


class E:
    def __init__(self, tag, content=None, attrs=None):
        self.tag = tag
        self.attrs = dict(attrs or {})
        if isinstance(content, (list, tuple)):
            self.children, self.text = [c for c in content if c is not None], None
        else:
            self.children, self.text = [], content

    def find(self, local):
        """First descendant-or-self whose name (prefix ignored) is `local`."""
        if self.tag.split(":")[-1] == local:
            return self
        for c in self.children:
            if isinstance(c, E):
                hit = c.find(local)
                if hit is not None:
                    return hit
        return None


class Comment:
    def __init__(self, text):
        self.text = text


def esc(text, attr=False):
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;") if attr else text


def render(node, indent="  ", level=0):
    pad = indent * level
    if isinstance(node, Comment):
        return [f"{pad}<!-- {node.text} -->"]
    attrs = "".join(f' {k}="{esc(v, True)}"' for k, v in node.attrs.items())
    if node.children:
        lines = [f"{pad}<{node.tag}{attrs}>"]
        for c in node.children:
            lines += render(c, indent, level + 1)
        return lines + [f"{pad}</{node.tag}>"]
    if node.text is None:
        return [f"{pad}<{node.tag}{attrs}/>"]
    return [f"{pad}<{node.tag}{attrs}>{esc(node.text)}</{node.tag}>"]


def to_bytes(root, indent="  ", newline="\n", declaration=True):
    lines = ['<?xml version="1.0" encoding="UTF-8"?>'] if declaration else []
    lines += render(root, indent)
    return ("\n".join(lines) + "\n").replace("\n", newline).encode()
