"""登录 for the demo visitor: accounts log in here while the store holds only the demo county."""

from ledgerboard import ui

ui.login_form("当前为示例数据，无需登录即可查看。管理、填报、查看账号在此登录。")
