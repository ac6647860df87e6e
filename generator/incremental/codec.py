"""Model records <-> JSON-able data, for the cache store and for results sent by workers.

Only the types registered here can come back: a name the registry does not know, a
missing or extra field, or any other shape is a `CodecError`, never an import or a
call of anything named in the data. The version is derived from every registered
type's name and fields, so adding a field to a model record starts a fresh cache.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import enum
import hashlib
import json
from collections.abc import Callable, Iterable
from typing import Any
from zoneinfo import ZoneInfo


class CodecError(ValueError):
    """The data is not something this codec wrote: treat it as missing."""


class Codec:
    """Encodes None, bool, int, float, str, bytes, list, tuple, dict, set, dates, times,
    time zones and the registered dataclasses and enums, exactly (types included)."""

    def __init__(self, types: Iterable[type]) -> None:
        self._types: dict[str, type] = {}
        for kind in types:
            if kind.__name__ in self._types:
                raise ValueError(f"two types named {kind.__name__}")
            self._types[kind.__name__] = kind
        self._fields = {
            name: tuple(f.name for f in dataclasses.fields(kind))
            for name, kind in self._types.items()
            if dataclasses.is_dataclass(kind)
        }
        shape = ";".join(
            f"{name}:{','.join(self._fields.get(name, ()))}" for name in sorted(self._types)
        )
        self.version = hashlib.blake2b(shape.encode(), digest_size=8).hexdigest()
        self._enc: dict[type, Callable[[Any], Any]] = {
            type(None): _same,
            bool: _same,
            int: _same,
            str: _same,
            float: _same,
            list: lambda v: [self.encode(x) for x in v],
            tuple: lambda v: {"~t": [self.encode(x) for x in v]},
            dict: lambda v: {"~d": [[self.encode(k), self.encode(x)] for k, x in v.items()]},
            set: lambda v: {"~s": sorted((self.encode(x) for x in v), key=_order)},
            frozenset: lambda v: {"~f": sorted((self.encode(x) for x in v), key=_order)},
            bytes: lambda v: {"~b": base64.b64encode(v).decode()},
            dt.datetime: _enc_datetime,
            dt.date: lambda v: {"~date": v.isoformat()},
            dt.time: lambda v: {"~time": v.isoformat(), "tz": _enc_tz(v.tzinfo)},
            dt.timedelta: lambda v: {"~td": [v.days, v.seconds, v.microseconds]},
        }

    # ------------------------------------------------------------------------ encode

    def encode(self, value: Any) -> Any:
        kind = type(value)
        enc = self._enc.get(kind)
        if enc is not None:
            return enc(value)
        name = kind.__name__
        if self._types.get(name) is not kind:
            raise CodecError(f"cannot store a {kind.__qualname__}")
        if isinstance(value, enum.Enum):
            return {"~e": name, "v": self.encode(value.value)}
        return {"~c": name, **{f: self.encode(getattr(value, f)) for f in self._fields[name]}}

    def dumps(self, value: Any) -> bytes:
        return json.dumps(self.encode(value), ensure_ascii=False, separators=(",", ":")).encode()

    # ------------------------------------------------------------------------ decode

    def loads(self, data: bytes) -> Any:
        try:
            return self.decode(json.loads(data))
        except CodecError:
            raise
        except Exception as exc:  # any damage: not ours
            raise CodecError(f"unreadable: {exc}") from None

    def decode(self, data: Any) -> Any:
        kind = type(data)
        if kind is list:
            return [x if type(x) in _PLAIN else self.decode(x) for x in data]
        if kind is not dict:
            if kind in _PLAIN:
                return data
            raise CodecError(f"unexpected {kind.__name__}")
        try:
            return self._decode_tagged(data)
        except CodecError:
            raise
        except Exception as exc:  # wrong shapes inside a tag
            raise CodecError(f"damaged value: {exc}") from None

    def _decode_tagged(self, data: dict[str, Any]) -> Any:
        name = data.get("~c")
        if name is not None:
            kind = self._types.get(name)
            names = self._fields.get(name)
            if kind is None or names is None or len(data) != len(names) + 1:
                raise CodecError(f"unknown record {name!r}")
            record: Any = object.__new__(kind)
            # The records are frozen: their fields are set as their own __init__ would.
            # Most fields are strings, numbers or None: those are taken without a call.
            fields = {f: data[f] for f in names}
            for f, v in fields.items():
                if type(v) not in _PLAIN:
                    fields[f] = self.decode(v)
            record.__dict__.update(fields)
            return record
        if "~t" in data:
            return tuple([x if type(x) in _PLAIN else self.decode(x) for x in _list(data["~t"])])
        if "~d" in data:
            return {self.decode(k): self.decode(v) for k, v in _list(data["~d"])}
        if "~dt" in data:
            moment = dt.datetime.fromisoformat(data["~dt"])
            return moment.replace(tzinfo=_dec_tz(data["tz"]), fold=int(data.get("fold", 0)))
        if "~date" in data:
            return dt.date.fromisoformat(data["~date"])
        if "~time" in data:
            return dt.time.fromisoformat(data["~time"]).replace(tzinfo=_dec_tz(data["tz"]))
        if "~td" in data:
            days, seconds, micros = _list(data["~td"])
            return dt.timedelta(days, seconds, micros)
        if "~e" in data:
            kind = self._types.get(data["~e"])
            if kind is None or not issubclass(kind, enum.Enum):
                raise CodecError(f"unknown enum {data['~e']!r}")
            return kind(self.decode(data["v"]))
        if "~s" in data:
            return {self.decode(x) for x in _list(data["~s"])}
        if "~f" in data:
            return frozenset(self.decode(x) for x in _list(data["~f"]))
        if "~b" in data:
            return base64.b64decode(data["~b"], validate=True)
        raise CodecError("unknown tag")


_PLAIN = frozenset({str, int, float, bool, type(None)})  # what JSON gives that stands for itself


def _same(value: Any) -> Any:
    return value


def _list(value: Any) -> list[Any]:
    if type(value) is not list:
        raise CodecError("expected a list")
    return value


def _order(encoded: Any) -> str:
    """Sets are stored sorted, so equal sets store equal bytes."""
    return json.dumps(encoded, sort_keys=True)


def _enc_datetime(value: dt.datetime) -> dict[str, Any]:
    naive = value.replace(tzinfo=None, fold=0).isoformat()
    found: dict[str, Any] = {"~dt": naive, "tz": _enc_tz(value.tzinfo)}
    if value.fold:
        found["fold"] = value.fold
    return found


def _enc_tz(tz: dt.tzinfo | None) -> Any:
    """A zone by name, a fixed offset by seconds (and name), else refused."""
    if tz is None:
        return None
    if isinstance(tz, ZoneInfo) and tz.key:
        return {"zone": tz.key}
    if type(tz) is dt.timezone:
        offset = tz.utcoffset(None)
        name = tz.tzname(None)
        default = dt.timezone(offset).tzname(None)
        return {"offset": offset.total_seconds(), "name": None if name == default else name}
    raise CodecError(f"cannot store time zone {tz!r}")


def _dec_tz(data: Any) -> dt.tzinfo | None:
    if data is None:
        return None
    if "zone" in data:
        return ZoneInfo(str(data["zone"]))
    offset = dt.timedelta(seconds=float(data["offset"]))
    name = data.get("name")
    return dt.timezone(offset) if name is None else dt.timezone(offset, str(name))
