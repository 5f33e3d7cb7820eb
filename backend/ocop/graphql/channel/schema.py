import graphene

from ..core.ids import decode_id
from .types import DEFAULT_CHANNEL, Channel, get_channel


class ChannelQueries(graphene.ObjectType):
    channels = graphene.List(graphene.NonNull(Channel), description="Every channel (we sell in one).")
    channel = graphene.Field(Channel, id=graphene.ID(), slug=graphene.String(),
                             description="A channel by ID or slug; the default one without either.")

    @staticmethod
    def resolve_channels(root, info):
        return [DEFAULT_CHANNEL]

    @staticmethod
    def resolve_channel(root, info, id=None, slug=None):
        if id is not None:
            return DEFAULT_CHANNEL if decode_id(id, "Channel") == DEFAULT_CHANNEL.pk else None
        return get_channel(slug)
